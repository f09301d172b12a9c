#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <QUrl>
#include <optional>

#include "core/preset_bank.h"

namespace ossynapse {

// The nine quick presets (core/preset_bank.h) as the studio keeps and shows them: one row a
// slot (1-9) with its name and what it holds, kept in the user's settings on every change (a
// crash loses nothing), exported to and imported from an ossynapse-presets file. Recalling and
// storing go through the control registry, which owns the engine side.
class PresetStore : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("the presets come from StudioEngine.controls.presets")

  public:
    enum Role {
        SlotRole = Qt::UserRole + 1,  // 1-9
        NameRole,                     // as the user named it, may be empty
        LabelRole,                    // the name, or the slot's number when it has none
        StoredRole,                   // whether the slot holds a preset
        SummaryRole,                  // what it holds, in words; empty for an empty slot
    };
    Q_ENUM(Role)

    // Reads the bank the settings hold (or the parameters-only presets of earlier builds).
    explicit PresetStore(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    const std::optional<Preset>& preset(int slot) const;
    // Keeps the slot's name when it has one.
    void store(int slot, const Parameters& parameters);

    Q_INVOKABLE void rename(int slot, const QString& name);
    Q_INVOKABLE void clear(int slot);
    // Whole bank to a file, or the bank of a file for all nine slots (a bad file changes
    // nothing). False, and `failed` says why, when it cannot.
    Q_INVOKABLE bool exportTo(const QUrl& file);
    Q_INVOKABLE bool importFrom(const QUrl& file);

  signals:
    void slotChanged(int slot);
    void failed(const QString& why);

  private:
    void changed(int slot);
    void save();

    PresetBank m_bank;
};

}  // namespace ossynapse

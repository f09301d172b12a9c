#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <QPointer>
#include <QUrl>

#include "app/studio/studio_engine.h"

namespace ossynapse {

// Every engine parameter as a row (key, unit, range, value, description) for the tuning panel.
// A change reaches the engine on its next frame; a value the engine refuses is reverted and
// named in the engine's errorText. Presets are the parameter JSON files of `ossynapse render`.
class ParameterModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ossynapse::StudioEngine* engine READ engine WRITE setEngine NOTIFY engineChanged)

  public:
    enum Role {
        KeyRole = Qt::UserRole + 1,
        UnitRole,
        MinimumRole,
        MaximumRole,
        ValueRole,
        DescriptionRole,
        StepRole,
        DefaultRole,      // the value Parameters{} holds: what a double-click resets to
        LogarithmicRole,  // true: a slider spreads the range logarithmically (rates)
        // The values the engine accepts now, the others as they are (core's effectiveLimits):
        // a threshold lies between its neighbours. A bound set by a neighbour is exclusive and
        // the neighbour's key is given; a bound of the field's own range has an empty key.
        EffectiveMinimumRole,
        EffectiveMaximumRole,
        MinimumNeighbourRole,
        MaximumNeighbourRole,
    };
    Q_ENUM(Role)

    explicit ParameterModel(QObject* parent = nullptr);

    StudioEngine* engine() const { return m_engine; }
    void setEngine(StudioEngine* engine);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE bool setValue(int row, double value);
    Q_INVOKABLE double value(const QString& key) const;
    Q_INVOKABLE bool setValueByKey(const QString& key, double value);
    Q_INVOKABLE void resetToDefaults();
    // Preset files: errors go to the engine's errorText.
    Q_INVOKABLE bool savePreset(const QUrl& url);
    Q_INVOKABLE bool loadPreset(const QUrl& url);
    // Quick presets 1-9 for live use: the control registry's (preset_N), here for the keys.
    Q_INVOKABLE void storeSlot(int slot);
    Q_INVOKABLE bool recallSlot(int slot);
    Q_INVOKABLE bool hasSlot(int slot) const;

  signals:
    void engineChanged();

  private:
    void refresh();
    QPointer<StudioEngine> m_engine;
};

}  // namespace ossynapse

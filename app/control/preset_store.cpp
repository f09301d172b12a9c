#include "app/control/preset_store.h"

#include <QSettings>

#include "app/common/json_file.h"
#include "core/error.h"
#include "core/json_text.h"

namespace ossynapse {
namespace {

const QString kBankSetting = QStringLiteral("presetBank");

// Earlier builds kept each slot's parameters alone, as "presets/N".
QString legacySetting(int slot) {
    return QStringLiteral("presets/%1").arg(slot);
}

bool validSlot(int slot) {
    return slot >= 1 && slot <= kPresetSlots;
}

std::string localFile(const QUrl& file) {
    return (file.isLocalFile() ? file.toLocalFile() : file.toString()).toStdString();
}

}  // namespace

PresetStore::PresetStore(QObject* parent) : QAbstractListModel(parent) {
    QSettings settings;
    if (settings.contains(kBankSetting)) {
        try {
            m_bank = PresetBank::fromJson(
                parseJsonText(settings.value(kBankSetting).toString().toStdString()));
        } catch (const std::exception&) {
            // A bank no build could have written: start empty; the setting stays until the
            // user stores a preset.
        }
        return;
    }
    for (int slot = 1; slot <= kPresetSlots; ++slot) {
        if (!settings.contains(legacySetting(slot))) {
            continue;
        }
        try {
            m_bank.bySlot[static_cast<std::size_t>(slot - 1)] = Preset{
                {},
                Parameters::fromJson(
                    parseJsonText(settings.value(legacySetting(slot)).toString().toStdString()))};
        } catch (const std::exception&) {
        }
    }
}

int PresetStore::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : kPresetSlots;
}

QVariant PresetStore::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= kPresetSlots) {
        return {};
    }
    const int slot = index.row() + 1;
    const std::optional<Preset>& kept = preset(slot);
    switch (role) {
        case SlotRole:
            return slot;
        case NameRole:
            return kept ? QString::fromStdString(kept->name) : QString();
        case LabelRole:
            return kept && !kept->name.empty() ? QString::fromStdString(kept->name)
                                               : QString::number(slot);
        case StoredRole:
            return kept.has_value();
        case SummaryRole:
            return kept ? QString::fromStdString(describePreset(kept->parameters, Parameters{}))
                        : QString();
        default:
            return {};
    }
}

QHash<int, QByteArray> PresetStore::roleNames() const {
    return {{SlotRole, "slot"},
            {NameRole, "name"},
            {LabelRole, "label"},
            {StoredRole, "stored"},
            {SummaryRole, "summary"}};
}

const std::optional<Preset>& PresetStore::preset(int slot) const {
    static const std::optional<Preset> kEmpty;
    return validSlot(slot) ? m_bank.bySlot[static_cast<std::size_t>(slot - 1)] : kEmpty;
}

void PresetStore::store(int slot, const Parameters& parameters) {
    if (!validSlot(slot)) {
        return;
    }
    auto& kept = m_bank.bySlot[static_cast<std::size_t>(slot - 1)];
    kept = Preset{kept ? kept->name : std::string(), parameters};
    changed(slot);
}

void PresetStore::rename(int slot, const QString& name) {
    if (!validSlot(slot) || !preset(slot)) {
        return;
    }
    QString trimmed = name.trimmed();
    while (static_cast<std::size_t>(trimmed.toUtf8().size()) > kMaxPresetNameLength) {
        trimmed.chop(trimmed.size() >= 2 && trimmed.back().isLowSurrogate() ? 2 : 1);
    }
    std::string text = trimmed.toStdString();
    auto& kept = m_bank.bySlot[static_cast<std::size_t>(slot - 1)];
    if (kept->name == text) {
        return;
    }
    kept->name = std::move(text);
    changed(slot);
}

void PresetStore::clear(int slot) {
    if (validSlot(slot) && preset(slot)) {
        m_bank.bySlot[static_cast<std::size_t>(slot - 1)].reset();
        changed(slot);
    }
}

bool PresetStore::exportTo(const QUrl& file) {
    try {
        writeJsonFile(localFile(file), m_bank.toJson());
        return true;
    } catch (const std::exception& error) {
        emit failed(
            QStringLiteral("presets not exported: %1").arg(QString::fromUtf8(error.what())));
        return false;
    }
}

bool PresetStore::importFrom(const QUrl& file) {
    const std::string path = localFile(file);
    try {
        m_bank = PresetBank::fromJson(readJsonFile(path));
    } catch (const InputError& error) {
        // readJsonFile names the file; the bank's own faults do not.
        const QString why = QString::fromUtf8(error.what());
        emit failed(QStringLiteral("presets not imported: %1")
                        .arg(why.startsWith(QString::fromStdString(path))
                                 ? why
                                 : QString::fromStdString(path) + QStringLiteral(": ") + why));
        return false;
    }
    save();
    emit dataChanged(index(0), index(kPresetSlots - 1));
    for (int slot = 1; slot <= kPresetSlots; ++slot) {
        emit slotChanged(slot);
    }
    return true;
}

void PresetStore::changed(int slot) {
    save();
    emit dataChanged(index(slot - 1), index(slot - 1));
    emit slotChanged(slot);
}

void PresetStore::save() {
    QSettings settings;
    settings.setValue(kBankSetting, QString::fromStdString(m_bank.toJson().dump()));
    for (int slot = 1; slot <= kPresetSlots; ++slot) {
        settings.remove(legacySetting(slot));
    }
}

}  // namespace ossynapse

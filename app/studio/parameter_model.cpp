#include "app/studio/parameter_model.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "app/common/engine_files.h"
#include "app/common/json_file.h"
#include "app/control/control_registry.h"

namespace ossynapse {
namespace {

QString text(std::string_view view) {
    return QString::fromUtf8(view.data(), static_cast<qsizetype>(view.size()));
}

QString localPath(const QUrl& url) {
    return url.isLocalFile() ? url.toLocalFile() : url.toString();
}

}  // namespace

ParameterModel::ParameterModel(QObject* parent) : QAbstractListModel(parent) {}

void ParameterModel::setEngine(StudioEngine* engine) {
    if (engine == m_engine) {
        return;
    }
    beginResetModel();
    if (m_engine != nullptr) {
        disconnect(m_engine, nullptr, this, nullptr);
    }
    m_engine = engine;
    if (m_engine != nullptr) {
        connect(m_engine, &StudioEngine::parametersChanged, this, &ParameterModel::refresh);
    }
    endResetModel();
    emit engineChanged();
}

int ParameterModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(parameterFields().size());
}

QVariant ParameterModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    const ParameterField& field = parameterFields()[static_cast<std::size_t>(index.row())];
    switch (role) {
        case KeyRole:
            return text(field.key);
        case UnitRole:
            return text(field.unit);
        case MinimumRole:
            return field.minimum;
        case MaximumRole:
            return std::min(field.maximum, field.unit == "tokens/s" ? 2000.0 : field.maximum);
        case ValueRole:
            return m_engine != nullptr ? m_engine->parameters().*field.member
                                       : Parameters{}.*field.member;
        case DescriptionRole:
            return text(field.description);
        case DefaultRole:
            return Parameters{}.*field.member;
        case LogarithmicRole:
            // Rates span 0 to thousands of tokens/s, and the ones that matter are the slow
            // ones: on a linear slider a pixel was 7 tokens/s.
            return field.unit == "tokens/s";
        case EffectiveMinimumRole:
        case EffectiveMaximumRole:
        case MinimumNeighbourRole:
        case MaximumNeighbourRole: {
            const ParameterLimits limits =
                effectiveLimits(m_engine != nullptr ? m_engine->parameters() : Parameters{}, field);
            if (role == EffectiveMinimumRole) {
                return limits.minimum;
            }
            if (role == EffectiveMaximumRole) {
                return std::min(limits.maximum, data(index, MaximumRole).toDouble());
            }
            return text(role == MinimumNeighbourRole ? limits.minimumNeighbour
                                                     : limits.maximumNeighbour);
        }
        case StepRole: {
            const double span = field.maximum - field.minimum;
            return span <= 1.0 ? 0.01 : (span <= 10.0 ? 0.05 : 0.5);
        }
        default:
            return {};
    }
}

QHash<int, QByteArray> ParameterModel::roleNames() const {
    return {{KeyRole, "key"},
            {UnitRole, "unit"},
            {MinimumRole, "minimum"},
            {MaximumRole, "maximum"},
            {ValueRole, "value"},
            {DescriptionRole, "description"},
            {StepRole, "step"},
            {DefaultRole, "defaultValue"},
            {LogarithmicRole, "logarithmic"},
            {EffectiveMinimumRole, "effectiveMinimum"},
            {EffectiveMaximumRole, "effectiveMaximum"},
            {MinimumNeighbourRole, "minimumNeighbour"},
            {MaximumNeighbourRole, "maximumNeighbour"}};
}

bool ParameterModel::setValue(int row, double value) {
    if (m_engine == nullptr || row < 0 || row >= rowCount() || !std::isfinite(value)) {
        return false;
    }
    Parameters next = m_engine->parameters();
    next.*(parameterFields()[static_cast<std::size_t>(row)].member) = value;
    if (!m_engine->applyParameters(next)) {
        refresh();  // put the control back where the engine still is
        return false;
    }
    return true;
}

double ParameterModel::value(const QString& key) const {
    for (const ParameterField& field : parameterFields()) {
        if (text(field.key) == key) {
            return m_engine != nullptr ? m_engine->parameters().*field.member
                                       : Parameters{}.*field.member;
        }
    }
    return std::nan("");
}

bool ParameterModel::setValueByKey(const QString& key, double value) {
    for (int row = 0; row < rowCount(); ++row) {
        if (text(parameterFields()[static_cast<std::size_t>(row)].key) == key) {
            return setValue(row, value);
        }
    }
    return false;
}

void ParameterModel::resetToDefaults() {
    if (m_engine != nullptr) {
        m_engine->applyParameters(Parameters{});
    }
}

bool ParameterModel::savePreset(const QUrl& url) {
    if (m_engine == nullptr) {
        return false;
    }
    try {
        writeJsonFile(localPath(url).toStdString(), m_engine->parameters().toJson());
        return true;
    } catch (const std::exception& error) {
        m_engine->reportError(QString::fromUtf8(error.what()));
        return false;
    }
}

bool ParameterModel::loadPreset(const QUrl& url) {
    if (m_engine == nullptr) {
        return false;
    }
    try {
        return m_engine->applyParameters(loadParametersFile(localPath(url).toStdString()));
    } catch (const std::exception& error) {
        m_engine->reportError(QString::fromUtf8(error.what()));
        return false;
    }
}

void ParameterModel::storeSlot(int slot) {
    if (m_engine != nullptr) {
        m_engine->controls()->storePreset(slot);
    }
}

bool ParameterModel::recallSlot(int slot) {
    return m_engine != nullptr && m_engine->controls()->recallPreset(slot);
}

bool ParameterModel::hasSlot(int slot) const {
    return m_engine != nullptr && m_engine->controls()->hasPreset(slot);
}

void ParameterModel::refresh() {
    if (rowCount() > 0) {
        // A value moves its neighbours' limits too.
        emit dataChanged(index(0), index(rowCount() - 1),
                         {ValueRole, EffectiveMinimumRole, EffectiveMaximumRole,
                          MinimumNeighbourRole, MaximumNeighbourRole});
    }
}

}  // namespace ossynapse

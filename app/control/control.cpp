#include "control.h"

#include "app/control/control_value.h"

#include <cmath>

namespace ossynapse {

Control::Control(
    QString key, Kind kind, double minimum, double maximum, Access access, QObject* parent)
    : QObject(parent),
      m_key(std::move(key)),
      m_kind(kind),
      m_minimum(minimum),
      m_maximum(maximum),
      m_access(std::move(access)) {
    m_value = m_access.read ? m_access.read() : 0.0;
    m_available = m_access.available ? m_access.available() : true;
}

bool Control::setValue(double requested) {
    if (!std::isfinite(requested)) {
        emit valueChanged();
        return false;
    }
    const double value = controlValue(m_kind != Kind::Number, m_minimum, m_maximum, requested);
    const bool accepted = m_access.write && m_access.write(value);
    const double before = m_value;
    refresh();
    // The control that asked may show the requested value: make it read the applied one.
    if (m_value == before && (!accepted || value != m_value)) {
        emit valueChanged();
    }
    return accepted;
}

void Control::refresh() {
    const double value = m_access.read ? m_access.read() : 0.0;
    if (value != m_value) {
        m_value = value;
        emit valueChanged();
    }
    const bool available = m_access.available ? m_access.available() : true;
    if (available != m_available) {
        m_available = available;
        emit availableChanged();
    }
}

}  // namespace ossynapse

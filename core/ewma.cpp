#include "core/ewma.h"

#include "core/det_math.h"

namespace ossynapse {

void Ewma::advance(double dt, double input) {
    if (input == 0.0 || m_tauS <= 0.0) {
        m_value = input;
        return;
    }
    if (dt <= 0.0) {
        return;
    }
    m_value = input + (m_value - input) * det::exp(-dt / m_tauS);
}

}  // namespace ossynapse

#pragma once

#include <algorithm>

namespace ossynapse {

// The value a control takes for a requested one, the same for every surface (the studio's
// sliders, OSC, the command line's controls): clamped into [minimum, maximum]; a toggle or a
// trigger is 1 from 0.5 up, else 0. The request must be finite (callers refuse NaN and inf).
inline double controlValue(bool onOff, double minimum, double maximum, double requested) {
    const double value = std::clamp(requested, minimum, maximum);
    if (onOff) {
        return value >= 0.5 ? 1.0 : 0.0;
    }
    return value;
}

}  // namespace ossynapse

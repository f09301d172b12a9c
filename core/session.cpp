#include "core/session.h"

namespace ossynapse {

double Session::duration() const {
    if (end) {
        return end->t;
    }
    return events.empty() ? 0.0 : events.back().t;
}

}  // namespace ossynapse

#include "core/rig_edit.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/det_math.h"
#include "core/error.h"

namespace ossynapse::rig_edit {
namespace {

constexpr std::size_t kMaxLobeLeds = 1000;
// New LEDs are spaced about this far apart (mm) so each can be told apart and picked.
constexpr double kNudgeMm = 4.0;
constexpr double kMinApartMm = 3.0;                   // a grown LED from any LED of its lobe
constexpr double kGoldenTurns = 0.38196601125010515;  // 1 - 1/phi of a turn

Vec3 plus(Vec3 a, Vec3 b) {
    return {a.x + b.x, a.y + b.y, a.z + b.z};
}
Vec3 scaled(Vec3 a, double k) {
    return {a.x * k, a.y * k, a.z * k};
}
Vec3 cross(Vec3 a, Vec3 b) {
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
double length(Vec3 a) {
    return std::sqrt(a.x * a.x + a.y * a.y + a.z * a.z);
}

LedLocation locate(const Rig& rig, int strip) {
    const auto location = findLed(rig, strip);
    if (!location) {
        throw InputError("the rig has no LED at strip index " + std::to_string(strip) +
                         " (it has " + std::to_string(rig.ledCount()) + " LEDs)");
    }
    return *location;
}

void checkLobe(const Rig& rig, std::size_t lobe) {
    if (lobe >= rig.lobes.size()) {
        throw InputError("the rig has no lobe " + std::to_string(lobe) + " (it has " +
                         std::to_string(rig.lobes.size()) + ")");
    }
}

Led& ledAt(Rig& rig, LedLocation location) {
    return rig.lobes[location.lobe].leds[location.index];
}

template <typename Visit>
void forEachLed(Rig& rig, Visit visit) {
    for (Lobe& lobe : rig.lobes) {
        for (Led& led : lobe.leds) {
            visit(led);
        }
    }
}

}  // namespace

std::optional<LedLocation> findLed(const Rig& rig, int strip) {
    for (std::size_t l = 0; l < rig.lobes.size(); ++l) {
        const auto& leds = rig.lobes[l].leds;
        for (std::size_t i = 0; i < leds.size(); ++i) {
            if (leds[i].strip == strip) {
                return LedLocation{l, i};
            }
        }
    }
    return std::nullopt;
}

Rig addLed(const Rig& rig, std::size_t lobe, Vec3 position) {
    checkLobe(rig, lobe);
    Rig next = rig;
    next.lobes[lobe].leds.push_back({position, static_cast<int>(rig.ledCount())});
    return next;
}

Rig removeLed(const Rig& rig, int strip) {
    const LedLocation location = locate(rig, strip);
    Rig next = rig;
    auto& leds = next.lobes[location.lobe].leds;
    leds.erase(leds.begin() + static_cast<std::ptrdiff_t>(location.index));
    forEachLed(next, [strip](Led& led) {
        if (led.strip > strip) {
            --led.strip;
        }
    });
    return next;
}

Rig moveLed(const Rig& rig, int strip, Vec3 position) {
    const LedLocation location = locate(rig, strip);
    Rig next = rig;
    ledAt(next, location).position = position;
    return next;
}

Rig assignLed(const Rig& rig, int strip, std::size_t lobe) {
    const LedLocation location = locate(rig, strip);
    checkLobe(rig, lobe);
    if (location.lobe == lobe) {
        return rig;
    }
    Rig next = rig;
    auto& from = next.lobes[location.lobe].leds;
    const Led led = from[location.index];
    from.erase(from.begin() + static_cast<std::ptrdiff_t>(location.index));
    next.lobes[lobe].leds.push_back(led);
    return next;
}

Rig setStripIndex(const Rig& rig, int strip, int newStrip) {
    const LedLocation location = locate(rig, strip);
    const int count = static_cast<int>(rig.ledCount());
    if (newStrip < 0 || newStrip >= count) {
        throw InputError("strip index " + std::to_string(newStrip) + " is outside 0.." +
                         std::to_string(count - 1));
    }
    Rig next = rig;
    forEachLed(next, [&](Led& led) {
        if (strip < newStrip && led.strip > strip && led.strip <= newStrip) {
            --led.strip;
        } else if (newStrip < strip && led.strip >= newStrip && led.strip < strip) {
            ++led.strip;
        }
    });
    ledAt(next, location).strip = newStrip;
    return next;
}

Rig setLobeLedCount(const Rig& rig, std::size_t lobe, std::size_t count) {
    checkLobe(rig, lobe);
    if (count > kMaxLobeLeds) {
        throw InputError("a lobe holds at most " + std::to_string(kMaxLobeLeds) + " LEDs, not " +
                         std::to_string(count));
    }
    Rig next = rig;
    while (next.lobes[lobe].leds.size() > count) {
        const auto& leds = next.lobes[lobe].leds;
        const auto last = std::max_element(
            leds.begin(), leds.end(), [](const Led& a, const Led& b) { return a.strip < b.strip; });
        next = removeLed(next, last->strip);
    }
    // New LEDs gather round the lobe's last LED on a sunflower spiral (golden-angle turns,
    // radius growing with the square root), so a grown lobe stays compact and every LED can be
    // picked and moved. The spiral lies on the sphere through that LED about the skull's centre
    // (the origin of skull space), so the lobe wraps round inside the glass; a spiral in the x-y
    // plane left hundreds of LEDs floating outside the skull (found by a newcomer's trial).
    Vec3 anchor;
    int wiredAfter = static_cast<int>(next.ledCount()) - 1;
    const auto& existing = next.lobes[lobe].leds;
    if (!existing.empty()) {
        const auto last =
            std::max_element(existing.begin(), existing.end(),
                             [](const Led& a, const Led& b) { return a.strip < b.strip; });
        anchor = last->position;
        wiredAfter = last->strip;
    }
    const double shell = length(anchor);
    // The tangent plane at the anchor: u and v orthonormal, both perpendicular to its direction.
    const Vec3 normal = shell > 1e-9 ? scaled(anchor, 1.0 / shell) : Vec3{0.0, 0.0, 1.0};
    const Vec3 helper = std::abs(normal.y) < 0.9 ? Vec3{0.0, 1.0, 0.0} : Vec3{1.0, 0.0, 0.0};
    const Vec3 uAxis = cross(helper, normal);
    const Vec3 u = scaled(uAxis, 1.0 / length(uAxis));
    const Vec3 v = cross(normal, u);
    for (int added = 1; next.lobes[lobe].leds.size() < count; ++added) {
        const double turns = kGoldenTurns * added;
        const double radius = kNudgeMm * std::sqrt(static_cast<double>(added));
        Vec3 p = plus(anchor, plus(scaled(u, radius * det::cosTurns(turns)),
                                   scaled(v, radius * det::sinTurns(turns))));
        if (shell > 1e-9) {
            p = scaled(p, shell / length(p));
        }
        // A spot on top of an LED already there (the lobe's own, round its last) is passed by.
        const bool taken = std::any_of(
            next.lobes[lobe].leds.begin(), next.lobes[lobe].leds.end(), [&](const Led& led) {
                return length(plus(led.position, scaled(p, -1.0))) < kMinApartMm;
            });
        if (taken) {
            continue;
        }
        const int newStrip = static_cast<int>(next.ledCount());
        next = addLed(next, lobe, p);
        next = setStripIndex(next, newStrip, ++wiredAfter);
    }
    return next;
}

std::vector<Vec3> stripPath(const Rig& rig) {
    std::vector<Vec3> path(rig.ledCount());
    for (const Lobe& lobe : rig.lobes) {
        for (const Led& led : lobe.leds) {
            if (led.strip >= 0 && static_cast<std::size_t>(led.strip) < path.size()) {
                path[static_cast<std::size_t>(led.strip)] = led.position;
            }
        }
    }
    return path;
}

}  // namespace ossynapse::rig_edit

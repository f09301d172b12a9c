#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "core/rig.h"

// Authoring edits on a rig, as the studio's rig tab makes them. An LED is named by its strip
// index (its place on the physical wiring), which is unique. Every edit returns a new rig that
// passes Rig::validate() when its input did; a request that makes no sense throws InputError
// naming what is wrong and leaves nothing half done.
namespace ossynapse::rig_edit {

struct LedLocation {
    std::size_t lobe = 0;
    std::size_t index = 0;  // within the lobe's LED list
};

// Where the LED with this strip index lives; nullopt when no LED has it.
std::optional<LedLocation> findLed(const Rig& rig, int strip);

// Adds an LED to `lobe` at `position`, wired last (strip index = the old LED count).
Rig addLed(const Rig& rig, std::size_t lobe, Vec3 position);

// Removes an LED; the LEDs wired after it move up one place so strip indices stay 0..N-1.
Rig removeLed(const Rig& rig, int strip);

Rig moveLed(const Rig& rig, int strip, Vec3 position);

// Moves an LED to another lobe; its position and wiring place stay.
Rig assignLed(const Rig& rig, int strip, std::size_t lobe);

// Rewires one LED to `newStrip`; the LEDs between its old and new place shift by one, as when
// an LED is cut out of a strip and soldered in elsewhere.
Rig setStripIndex(const Rig& rig, int strip, int newStrip);

// Grows or shrinks a lobe to `count` LEDs (0..1000). Removal takes the lobe's LEDs wired last;
// new LEDs gather round the lobe's last LED, a few mm apart, and are wired right after it.
Rig setLobeLedCount(const Rig& rig, std::size_t lobe, std::size_t count);

// Every LED's position in wiring order: the path the strip takes.
std::vector<Vec3> stripPath(const Rig& rig);

}  // namespace ossynapse::rig_edit

#pragma once

#include <cstdint>

// IEEE 754 binary16, converted in plain integer arithmetic so every machine gets the same
// bits (telemetry values travel as halves: plenty for light, half the bytes of a float).
namespace ossynapse::half {

std::uint16_t fromFloat(float value);  // round to nearest even; overflow to infinity
float toFloat(std::uint16_t bits);

}  // namespace ossynapse::half

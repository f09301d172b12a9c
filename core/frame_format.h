#pragma once

#include <string>

#include "core/frame.h"

namespace ossynapse {

// Text forms of a frame for `ossynapse render` and golden files. Numbers are printed with a
// fixed six decimals, so equal frames give equal text byte for byte.
std::string frameToJsonLine(const Frame& frame);
std::string frameCsvHeader();
std::string frameToCsvLine(const Frame& frame);
std::string ledsToHex(const Frame& frame);

}  // namespace ossynapse

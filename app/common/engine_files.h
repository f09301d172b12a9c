#pragma once

#include <string>

#include "core/parameters.h"
#include "core/rig.h"

namespace ossynapse {

// Parameter presets and rigs from JSON files. Errors are InputError messages that start with
// the file name, e.g. "fast.json: parameter 'gamma' = 7 is out of range [1, 4]".
Parameters loadParametersFile(const std::string& path);
Rig loadRigFile(const std::string& path);

}  // namespace ossynapse

#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ossynapse {

// Reads a JSON document; throws InputError "FILE: cannot open (...)" or
// "FILE: bad JSON at line L, column C: ...".
nlohmann::json readJsonFile(const std::string& path);

// Writes `json` pretty-printed through a temporary file and a rename, so a crash never leaves a
// half-written preset or rig behind. Throws std::runtime_error.
void writeJsonFile(const std::string& path, const nlohmann::json& json);

}  // namespace ossynapse

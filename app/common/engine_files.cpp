#include "app/common/engine_files.h"

#include "app/common/json_file.h"
#include "core/error.h"

namespace ossynapse {
namespace {

template <typename T>
T loadWithFileName(const std::string& path) {
    const nlohmann::json json = readJsonFile(path);
    try {
        return T::fromJson(json);
    } catch (const InputError& error) {
        throw InputError(path + ": " + error.what());
    }
}

}  // namespace

Parameters loadParametersFile(const std::string& path) {
    return loadWithFileName<Parameters>(path);
}

Rig loadRigFile(const std::string& path) {
    return loadWithFileName<Rig>(path);
}

}  // namespace ossynapse

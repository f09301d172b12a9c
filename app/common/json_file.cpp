#include "app/common/json_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/error.h"
#include "core/json_text.h"

namespace ossynapse {

nlohmann::json readJsonFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
    }
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return parseJsonText(text.str());
    } catch (const InputError& error) {
        throw InputError(path + ": bad JSON: " + error.what());
    } catch (const nlohmann::json::parse_error& error) {
        // what() starts with "[json.exception.parse_error.101] parse error at line ..."
        std::string message = error.what();
        if (const auto cut = message.find("] "); cut != std::string::npos) {
            message = message.substr(cut + 2);
        }
        throw InputError(path + ": bad JSON: " + message);
    }
}

void writeJsonFile(const std::string& path, const nlohmann::json& json) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << json.dump(2) << '\n';
        out.flush();
        if (!out) {
            throw std::runtime_error("cannot write " + temporary + ": " + std::strerror(errno));
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        throw std::runtime_error("cannot replace " + path + ": " + std::strerror(errno));
    }
}

}  // namespace ossynapse

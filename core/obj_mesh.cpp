#include "core/obj_mesh.h"

#include <charconv>
#include <cmath>
#include <string>

#include "core/error.h"

namespace ossynapse {
namespace {

constexpr std::size_t kMaxVertices = 5'000'000;

std::string_view nextToken(std::string_view& line) {
    const auto start = line.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) {
        line = {};
        return {};
    }
    line.remove_prefix(start);
    const auto end = line.find_first_of(" \t\r");
    const std::string_view token = line.substr(0, end);
    line.remove_prefix(end == std::string_view::npos ? line.size() : end);
    return token;
}

[[noreturn]] void fail(std::size_t lineNumber, const std::string& what) {
    throw InputError("OBJ line " + std::to_string(lineNumber) + ": " + what);
}

// "'token' what". Appended piece by piece: GCC 12 at -O3 raises a false -Wrestrict on
// "'" + std::string(token) + "...", and a user's build must not fail on it.
[[noreturn]] void failOnToken(std::size_t lineNumber,
                              std::string_view token,
                              std::string_view what) {
    std::string message;
    message.reserve(token.size() + what.size() + 3);
    message.push_back('\'');
    message.append(token);
    message.append("' ");
    message.append(what);
    fail(lineNumber, message);
}

float readFloat(std::string_view token, std::size_t lineNumber) {
    float value = 0.0f;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (error != std::errc() || end != token.data() + token.size() || !std::isfinite(value)) {
        failOnToken(lineNumber, token, "is not a number");
    }
    return value;
}

// A face corner "i", "i/t", "i//n" or "i/t/n": the position index, 0-based.
std::uint32_t readCorner(std::string_view token, std::size_t vertexCount, std::size_t lineNumber) {
    const std::string_view first = token.substr(0, token.find('/'));
    long long index = 0;
    const auto [end, error] = std::from_chars(first.data(), first.data() + first.size(), index);
    if (error != std::errc() || end != first.data() + first.size() || index == 0) {
        failOnToken(lineNumber, token, "is not a vertex index");
    }
    const long long resolved = index > 0 ? index - 1 : static_cast<long long>(vertexCount) + index;
    if (resolved < 0 || static_cast<std::size_t>(resolved) >= vertexCount) {
        fail(lineNumber, "vertex " + std::to_string(index) + " does not exist (" +
                             std::to_string(vertexCount) + " so far)");
    }
    return static_cast<std::uint32_t>(resolved);
}

void computeNormals(TriangleMesh& mesh) {
    mesh.normals.assign(mesh.positions.size(), {0.0f, 0.0f, 0.0f});
    for (std::size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const auto& a = mesh.positions[mesh.indices[t]];
        const auto& b = mesh.positions[mesh.indices[t + 1]];
        const auto& c = mesh.positions[mesh.indices[t + 2]];
        const std::array<float, 3> u{b[0] - a[0], b[1] - a[1], b[2] - a[2]};
        const std::array<float, 3> v{c[0] - a[0], c[1] - a[1], c[2] - a[2]};
        // The cross product's length is twice the area: bigger faces weigh more.
        const std::array<float, 3> n{u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2],
                                     u[0] * v[1] - u[1] * v[0]};
        for (std::size_t k = 0; k < 3; ++k) {
            auto& normal = mesh.normals[mesh.indices[t + k]];
            normal[0] += n[0];
            normal[1] += n[1];
            normal[2] += n[2];
        }
    }
    for (auto& normal : mesh.normals) {
        const float length =
            std::sqrt(normal[0] * normal[0] + normal[1] * normal[1] + normal[2] * normal[2]);
        if (length > 0.0f) {
            normal = {normal[0] / length, normal[1] / length, normal[2] / length};
        }
    }
}

}  // namespace

TriangleMesh parseObj(std::string_view text) {
    TriangleMesh mesh;
    std::size_t lineNumber = 0;
    std::vector<std::uint32_t> corners;
    while (!text.empty()) {
        ++lineNumber;
        const auto newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        const std::string_view keyword = nextToken(line);
        if (keyword == "v") {
            if (mesh.positions.size() >= kMaxVertices) {
                fail(lineNumber, "more than " + std::to_string(kMaxVertices) + " vertices");
            }
            std::array<float, 3> position{};
            for (float& coordinate : position) {
                const std::string_view token = nextToken(line);
                if (token.empty()) {
                    fail(lineNumber, "a vertex needs x, y and z");
                }
                coordinate = readFloat(token, lineNumber);
            }
            mesh.positions.push_back(position);
        } else if (keyword == "f") {
            corners.clear();
            for (std::string_view token = nextToken(line); !token.empty();
                 token = nextToken(line)) {
                corners.push_back(readCorner(token, mesh.positions.size(), lineNumber));
            }
            if (corners.size() < 3) {
                fail(lineNumber, "a face needs at least three vertices");
            }
            for (std::size_t i = 1; i + 1 < corners.size(); ++i) {
                mesh.indices.insert(mesh.indices.end(), {corners[0], corners[i], corners[i + 1]});
            }
        }
        // vt, vn, o, g, s, usemtl, mtllib, comments: not needed to draw the shape.
    }
    if (mesh.indices.empty()) {
        throw InputError("the OBJ file has no faces");
    }
    computeNormals(mesh);
    return mesh;
}

}  // namespace ossynapse

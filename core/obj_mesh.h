#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

// Wavefront OBJ, the part a skull or head mesh needs: vertices (`v`) and faces (`f`, any
// polygon, fan-triangulated; `v/vt/vn` and negative indices accepted). Texture coordinates,
// materials and groups are skipped: the studio draws a user's mesh as its own glass.
namespace ossynapse {

struct TriangleMesh {
    std::vector<std::array<float, 3>> positions;
    std::vector<std::array<float, 3>> normals;  // smooth, area-weighted, one per position
    std::vector<std::uint32_t> indices;         // three per triangle
};

// Throws InputError naming the line and what is wrong with it.
TriangleMesh parseObj(std::string_view text);

}  // namespace ossynapse

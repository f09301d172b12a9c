// A user's mesh file (Wavefront OBJ): a triangle mesh whose every index names a vertex, or an
// InputError naming the line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "core/obj_mesh.h"
#include "tests/fuzz/fuzz_check.h"

using namespace ossynapse;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const TriangleMesh mesh =
            parseObj(std::string_view(reinterpret_cast<const char*>(data), size));
        FUZZ_CHECK(mesh.normals.size() == mesh.positions.size());
        FUZZ_CHECK(!mesh.indices.empty() && mesh.indices.size() % 3 == 0);
        for (const std::uint32_t index : mesh.indices) {
            FUZZ_CHECK(index < mesh.positions.size());
        }
    } catch (const InputError&) {
    }
    return 0;
}

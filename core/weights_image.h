#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/training_telemetry.h"

// The whole model in one image, one pixel per weight (seed 001), as core/telemetry-protocol.md
// ("The weights image") lays it out and normalises it: the PNG export, the time-lapse frames
// and the studio's weights mode all use this one layout and this one grey scale.
namespace ossynapse {

struct MatrixShape {
    std::string name;
    std::uint32_t rows = 0;
    std::uint32_t cols = 0;
};

struct MatrixPlacement {
    std::string name;
    std::uint32_t x = 0;  // pixels from the left
    std::uint32_t y = 0;  // pixels from the top
    std::uint32_t rows = 0;
    std::uint32_t cols = 0;
};

struct WeightsLayout {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<MatrixPlacement> matrices;
};

// Above this many pixels (an 8K display's worth, four times over) a layout is refused.
inline constexpr std::uint64_t kMaxWeightsPixels = 4ull * 7680 * 4320;

// Skyline packing, tallest matrix first, 1 pixel apart; placements in frame order. `width` 0: about 16:9 (the square root of 16/9 of the
// matrices' area with gaps), never narrower than the widest matrix. Throws InputError when
// `width` is narrower than a matrix or the image would exceed kMaxWeightsPixels.
WeightsLayout layOutWeights(const std::vector<MatrixShape>& shapes, std::uint32_t width = 0);

// The largest finite magnitude among `values` (0 when there is none).
float weightScale(std::span<const float> values);
// ⌊(v / s + 1) / 2 × 65535 + 0.5⌋, clamped; s = 0 gives 32768; a non-finite v gives 0.
std::uint16_t weightGrey(float value, float scale);

// 16-bit grey pixels, row-major, width x height: each matrix of `frame` where `layout` places
// the matrix of the same index, normalised by its own scale; 0 between matrices. Throws
// InputError when the frame does not match the layout's shapes.
std::vector<std::uint16_t> renderWeights(const WeightsLayout& layout,
                                         const std::vector<WeightMatrix>& frame);

// Collects weight matrices into frames: a frame is whole when matrices 0 .. count-1 of one
// step arrived in order. A matrix out of order drops the frame being collected; each frame
// lost is counted once.
class WeightFrameAssembler {
  public:
    // The whole frame when `matrix` completes one.
    std::optional<std::vector<WeightMatrix>> add(WeightMatrix matrix);
    std::uint64_t incompleteFrames() const { return m_incomplete; }

  private:
    std::vector<WeightMatrix> m_collecting;
    std::uint64_t m_incomplete = 0;
    std::optional<std::uint32_t> m_skippedStep;  // the step of the last frame counted lost
};

}  // namespace ossynapse

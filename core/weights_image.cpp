#include "core/weights_image.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace ossynapse {

WeightsLayout layOutWeights(const std::vector<MatrixShape>& shapes, std::uint32_t width) {
    std::uint64_t area = 0;
    std::uint32_t widest = 0;
    for (const MatrixShape& shape : shapes) {
        area += (std::uint64_t(shape.rows) + 1) * (std::uint64_t(shape.cols) + 1);
        widest = std::max(widest, shape.cols);
    }
    if (area > kMaxWeightsPixels) {
        throw InputError("the weights image would have more than " +
                         std::to_string(kMaxWeightsPixels) + " pixels");
    }
    if (width == 0) {
        width = std::max(widest, static_cast<std::uint32_t>(
                                     std::ceil(std::sqrt(static_cast<double>(area) * 16.0 / 9.0))));
    } else if (width < widest) {
        throw InputError("a weights image " + std::to_string(width) +
                         " pixels wide cannot hold a matrix of " + std::to_string(widest) +
                         " columns");
    }
    WeightsLayout layout;
    layout.width = width;
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::uint64_t shelf = 0;
    for (const MatrixShape& shape : shapes) {
        if (x > 0 && x + shape.cols > width) {
            y += shelf + 1;
            x = 0;
            shelf = 0;
        }
        layout.matrices.push_back({shape.name, static_cast<std::uint32_t>(x),
                                   static_cast<std::uint32_t>(y), shape.rows, shape.cols});
        x += std::uint64_t(shape.cols) + 1;
        shelf = std::max<std::uint64_t>(shelf, shape.rows);
    }
    const std::uint64_t height = y + shelf;
    if (height * width > kMaxWeightsPixels) {
        throw InputError("a weights image " + std::to_string(width) +
                         " pixels wide would be too tall (" + std::to_string(height) + " rows)");
    }
    layout.height = static_cast<std::uint32_t>(height);
    return layout;
}

float weightScale(std::span<const float> values) {
    float scale = 0.0f;
    for (float value : values) {
        if (std::isfinite(value)) {
            scale = std::max(scale, std::abs(value));
        }
    }
    return scale;
}

std::uint16_t weightGrey(float value, float scale) {
    if (!std::isfinite(value)) {
        return 0;
    }
    if (scale == 0.0f) {
        return 32768;
    }
    const double level =
        std::floor((static_cast<double>(value) / scale + 1.0) / 2.0 * 65535.0 + 0.5);
    return static_cast<std::uint16_t>(std::clamp(level, 0.0, 65535.0));
}

std::vector<std::uint16_t> renderWeights(const WeightsLayout& layout,
                                         const std::vector<WeightMatrix>& frame) {
    if (frame.size() != layout.matrices.size()) {
        throw InputError("a weight frame of " + std::to_string(frame.size()) +
                         " matrices does not fit a layout of " +
                         std::to_string(layout.matrices.size()));
    }
    std::vector<std::uint16_t> pixels(std::size_t(layout.width) * layout.height, 0);
    for (std::size_t m = 0; m < frame.size(); ++m) {
        const WeightMatrix& matrix = frame[m];
        const MatrixPlacement& place = layout.matrices[m];
        if (matrix.rows != place.rows || matrix.cols != place.cols ||
            matrix.values.size() != std::size_t(matrix.rows) * matrix.cols) {
            throw InputError("weight matrix '" + matrix.name + "' changed shape to " +
                             std::to_string(matrix.rows) + " x " + std::to_string(matrix.cols));
        }
        const float scale = weightScale(matrix.values);
        for (std::uint32_t r = 0; r < matrix.rows; ++r) {
            std::uint16_t* row = pixels.data() + std::size_t(place.y + r) * layout.width + place.x;
            const float* values = matrix.values.data() + std::size_t(r) * matrix.cols;
            for (std::uint32_t c = 0; c < matrix.cols; ++c) {
                row[c] = weightGrey(values[c], scale);
            }
        }
    }
    return pixels;
}

std::optional<std::vector<WeightMatrix>> WeightFrameAssembler::add(WeightMatrix matrix) {
    const bool continues = !m_collecting.empty() && matrix.index == m_collecting.size() &&
                           matrix.step == m_collecting.front().step &&
                           matrix.count == m_collecting.front().count;
    if (!continues) {
        if (!m_collecting.empty()) {
            ++m_incomplete;
            m_skippedStep = m_collecting.front().step;
            m_collecting.clear();
        }
        if (matrix.index != 0) {
            // Joined a frame part-way: wait for the next one, counting this one once.
            if (m_skippedStep != matrix.step) {
                ++m_incomplete;
                m_skippedStep = matrix.step;
            }
            return std::nullopt;
        }
    }
    m_collecting.push_back(std::move(matrix));
    if (m_collecting.size() < m_collecting.front().count) {
        return std::nullopt;
    }
    std::vector<WeightMatrix> frame;
    frame.swap(m_collecting);
    return frame;
}

}  // namespace ossynapse

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
    // Skyline packing, tallest first: each matrix goes where its top edge ends lowest (then
    // leftmost) on the outline of what is placed so far. Each takes its size plus a 1-pixel
    // gap right and below; packing in width + 1 lets the gap of the last column fall outside.
    std::vector<std::size_t> order(shapes.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::pair(shapes[a].rows, shapes[a].cols) >
               std::pair(shapes[b].rows, shapes[b].cols);
    });
    struct Segment {
        std::uint64_t x;
        std::uint64_t y;  // the top of what is placed over [x, x + width)
        std::uint64_t width;
    };
    const std::uint64_t packWidth = std::uint64_t(width) + 1;
    std::vector<Segment> skyline{{0, 0, packWidth}};
    WeightsLayout layout;
    layout.width = width;
    layout.matrices.resize(shapes.size());
    std::uint64_t height = 0;
    for (const std::size_t index : order) {
        const MatrixShape& shape = shapes[index];
        const std::uint64_t w = std::uint64_t(shape.cols) + 1;
        const std::uint64_t h = std::uint64_t(shape.rows) + 1;
        std::uint64_t bestX = 0;
        std::uint64_t bestY = 0;
        bool found = false;
        for (std::size_t start = 0; start < skyline.size(); ++start) {
            const std::uint64_t x = skyline[start].x;
            if (x + w > packWidth) {
                break;
            }
            std::uint64_t y = 0;
            for (std::size_t k = start; k < skyline.size() && skyline[k].x < x + w; ++k) {
                y = std::max(y, skyline[k].y);
            }
            // x grows along the outline: a tie keeps the leftmost.
            if (!found || y < bestY) {
                found = true;
                bestX = x;
                bestY = y;
            }
        }
        layout.matrices[index] = {shape.name, static_cast<std::uint32_t>(bestX),
                                  static_cast<std::uint32_t>(bestY), shape.rows, shape.cols};
        if (shape.rows > 0) {
            height = std::max(height, bestY + shape.rows);
        }
        // The outline over [bestX, bestX + w) is now bestY + h.
        std::vector<Segment> next;
        next.reserve(skyline.size() + 2);
        for (const Segment& segment : skyline) {
            const std::uint64_t end = segment.x + segment.width;
            if (end <= bestX || segment.x >= bestX + w) {
                next.push_back(segment);
                continue;
            }
            if (segment.x < bestX) {
                next.push_back({segment.x, segment.y, bestX - segment.x});
            }
            if (next.empty() || next.back().x + next.back().width <= bestX) {
                next.push_back({bestX, bestY + h, w});
            }
            if (end > bestX + w) {
                next.push_back({bestX + w, segment.y, end - (bestX + w)});
            }
        }
        skyline.clear();
        for (const Segment& segment : next) {
            if (!skyline.empty() && skyline.back().y == segment.y) {
                skyline.back().width += segment.width;
            } else {
                skyline.push_back(segment);
            }
        }
    }
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

#include "app/studio/weights_textures.h"

#include <QFloat16>
#include <QtEndian>
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/error.h"

namespace ossynapse {
namespace {

void putBits(uchar* texel, quint16 bits) {
    texel[0] = static_cast<uchar>(bits & 0xFF);
    texel[1] = static_cast<uchar>(bits >> 8);
    texel[2] = 0;
    texel[3] = 255;
}

quint16 halfBits(float value) {
    const qfloat16 half(value);
    quint16 bits = 0;
    std::memcpy(&bits, &half, sizeof bits);
    return bits;
}

QImage blankImage(std::uint32_t width, std::uint32_t height) {
    QImage image(static_cast<int>(width), static_cast<int>(height), QImage::Format_RGBA8888);
    if (image.isNull()) {
        throw InputError("cannot hold a " + std::to_string(width) + " x " + std::to_string(height) +
                         " weights image: out of memory");
    }
    // Transparent-free black: every texel's alpha is 255, the data bytes 0.
    for (int y = 0; y < image.height(); ++y) {
        auto* line = reinterpret_cast<quint32*>(image.scanLine(y));
        std::fill(line, line + image.width(), qToLittleEndian<quint32>(0xFF000000u));
    }
    return image;
}

}  // namespace

WeightTextures packWeightTextures(const WeightsLayout& layout,
                                  const std::vector<WeightMatrix>& frame,
                                  WeightTextures reuse) {
    if (frame.size() != layout.matrices.size()) {
        throw InputError("a weight frame of " + std::to_string(frame.size()) +
                         " matrices for a layout of " + std::to_string(layout.matrices.size()));
    }
    // The gaps between matrices of a reused image are still black: the layout is the same.
    const bool reusable = reuse.values.isDetached() &&
                          reuse.values.size() == QSize(int(layout.width), int(layout.height)) &&
                          reuse.values.format() == QImage::Format_RGBA8888;
    WeightTextures textures{
        reusable ? std::move(reuse.values) : blankImage(layout.width, layout.height),
        blankImage(static_cast<std::uint32_t>(frame.size()), 1)};
    for (std::size_t i = 0; i < frame.size(); ++i) {
        const WeightMatrix& matrix = frame[i];
        const MatrixPlacement& place = layout.matrices[i];
        if (matrix.rows != place.rows || matrix.cols != place.cols ||
            matrix.values.size() != std::size_t(matrix.rows) * matrix.cols) {
            throw InputError("matrix " + std::to_string(i) + " (" + matrix.name + ") is " +
                             std::to_string(matrix.rows) + " x " + std::to_string(matrix.cols) +
                             ", its place " + std::to_string(place.rows) + " x " +
                             std::to_string(place.cols));
        }
        putBits(textures.scales.scanLine(0) + i * 4, halfBits(weightScale(matrix.values)));
        for (std::uint32_t r = 0; r < matrix.rows; ++r) {
            uchar* line = textures.values.scanLine(static_cast<int>(place.y + r)) + place.x * 4;
            const float* row = matrix.values.data() + std::size_t(r) * matrix.cols;
            for (std::uint32_t c = 0; c < matrix.cols; ++c) {
                putBits(line + c * 4, halfBits(row[c]));
            }
        }
    }
    return textures;
}

QImage matrixMapImage(const WeightsLayout& layout) {
    QImage image = blankImage(layout.width, layout.height);
    for (std::size_t i = 0; i < layout.matrices.size(); ++i) {
        const MatrixPlacement& place = layout.matrices[i];
        const auto mark = static_cast<quint16>(i + 1);
        for (std::uint32_t r = 0; r < place.rows; ++r) {
            uchar* line = image.scanLine(static_cast<int>(place.y + r)) + place.x * 4;
            for (std::uint32_t c = 0; c < place.cols; ++c) {
                putBits(line + c * 4, mark);
            }
        }
    }
    return image;
}

QRectF fittedImageRect(const QSizeF& image, const QSizeF& item) {
    if (image.isEmpty() || item.isEmpty()) {
        return {};
    }
    double scale = std::min(item.width() / image.width(), item.height() / image.height());
    if (scale >= 1.0) {
        scale = std::floor(scale);
    }
    const QSizeF drawn = image * scale;
    // Whole device pixels for the corner, so texels do not straddle pixel edges.
    return {std::floor((item.width() - drawn.width()) / 2.0),
            std::floor((item.height() - drawn.height()) / 2.0), drawn.width(), drawn.height()};
}

}  // namespace ossynapse

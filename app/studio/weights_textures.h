#pragma once

#include <QImage>
#include <QRectF>
#include <QSizeF>
#include <vector>

#include "core/weights_image.h"

// What the studio's weights mode uploads to the GPU, so that the normalisation itself happens in
// app/studio/shaders/weights.frag: raw values and each matrix's scale as IEEE 754 binary16 bits
// in the red (low byte) and green (high byte) channels of RGBA8 images, alpha always 255 so no
// premultiplication can touch them. Binary16 keeps 11 significant bits, finer than the 8 bits a
// display shows; the PNG export keeps its own 16-bit path (core/weights_image.h).
namespace ossynapse {

struct WeightTextures {
    QImage values;  // layout width x height; 0 between matrices
    QImage scales;  // matrix count x 1: weightScale() of each matrix
};

// Throws InputError when `frame` does not match the shapes `layout` was made for. `reuse`: the
// textures of an earlier frame of the same layout; its values image is written over in place
// when nothing else holds it (a 30M model's is 121 MB: a fresh one each frame costs a page
// fault every 4 kB), else a new one is made. Safe on any thread.
WeightTextures packWeightTextures(const WeightsLayout& layout,
                                  const std::vector<WeightMatrix>& frame,
                                  WeightTextures reuse = {});

// Layout width x height: matrix index + 1 in the same two bytes, 0 between matrices. Changes
// only with the layout.
QImage matrixMapImage(const WeightsLayout& layout);

// Where an image of `image` pixels is drawn in an item of `item` size: centred, aspect kept,
// whole pixels per value when it fits at least once (crisp, like seed 001's display), else
// shrunk to fit.
QRectF fittedImageRect(const QSizeF& image, const QSizeF& item);

}  // namespace ossynapse

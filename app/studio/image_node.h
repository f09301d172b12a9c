#pragma once

#include <QImage>
#include <QRectF>
#include <QSGNode>

class QQuickWindow;

namespace ossynapse {

// The scene-graph node of an item that draws one QImage, one texel per value with nearest
// filtering, at `rect`: made on first use, its texture replaced when `dirty` (then cleared),
// deleted (nullptr returned) when `image` is null. For updatePaintNode.
QSGNode* updateImageNode(
    QSGNode* old, QQuickWindow* window, const QImage& image, bool& dirty, const QRectF& rect);

}  // namespace ossynapse

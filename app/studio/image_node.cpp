#include "app/studio/image_node.h"

#include <QQuickWindow>
#include <QSGSimpleTextureNode>

namespace ossynapse {

QSGNode* updateImageNode(
    QSGNode* old, QQuickWindow* window, const QImage& image, bool& dirty, const QRectF& rect) {
    auto* node = static_cast<QSGSimpleTextureNode*>(old);
    if (image.isNull()) {
        delete node;
        return nullptr;
    }
    if (node == nullptr) {
        node = new QSGSimpleTextureNode;
        node->setOwnsTexture(true);
        node->setFiltering(QSGTexture::Nearest);
        dirty = true;
    }
    if (dirty) {
        node->setTexture(window->createTextureFromImage(image));
        dirty = false;
    }
    node->setRect(rect);
    return node;
}

}  // namespace ossynapse

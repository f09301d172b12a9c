#include "app/studio/attention_view.h"

#include <QQuickWindow>
#include <algorithm>
#include <cmath>
#include <set>

#include "app/studio/engine_binding.h"
#include "app/studio/image_node.h"
#include "app/studio/weights_textures.h"

namespace ossynapse {

AttentionView::AttentionView(QQuickItem* parent) : QQuickItem(parent) {
    setFlag(ItemHasContents, true);
}

void AttentionView::setEngine(StudioEngine* engine) {
    if (rebindEngine(this, m_engine, engine, [this](StudioEngine* bound) {
            connect(bound, &StudioEngine::telemetryArrived, this,
                    [this](const TelemetryMessage& message) {
                        if (const auto* pattern = std::get_if<AttentionPattern>(&message)) {
                            take(*pattern);
                        }
                    });
        })) {
        emit engineChanged();
    }
}

void AttentionView::setAttentionLayer(int layer) {
    if (layer != m_layer) {
        m_layer = layer;
        emit selectionChanged();
        redraw();
    }
}

void AttentionView::setHead(int head) {
    if (head != m_head) {
        m_head = head;
        emit selectionChanged();
        redraw();
    }
}

void AttentionView::take(const AttentionPattern& pattern) {
    if (pattern.weights.size() != std::size_t(pattern.queries) * pattern.keys) {
        return;  // the codecs refuse these; a test may not
    }
    if (m_layer < 0) {
        m_layer = pattern.layer;
        emit selectionChanged();
    }
    m_patterns[{pattern.layer, pattern.head}] = pattern;
    emit patternsChanged();
    if (pattern.layer == m_layer && pattern.head == m_head) {
        redraw();
    }
}

const AttentionPattern* AttentionView::shown() const {
    const auto found = m_patterns.find({m_layer, m_head});
    return found == m_patterns.end() ? nullptr : &found->second;
}

void AttentionView::redraw() {
    const AttentionPattern* pattern = shown();
    if (pattern == nullptr) {
        m_image = QImage();
    } else {
        float strongest = 0.0f;
        for (const float w : pattern->weights) {
            if (std::isfinite(w)) {
                strongest = std::max(strongest, w);
            }
        }
        m_image = QImage(pattern->keys, pattern->queries, QImage::Format_Grayscale8);
        for (int q = 0; q < pattern->queries; ++q) {
            uchar* line = m_image.scanLine(q);
            for (int k = 0; k < pattern->keys; ++k) {
                const float w = pattern->weights[std::size_t(q) * pattern->keys + k];
                const float level = std::isfinite(w) && strongest > 0.0f
                                        ? std::clamp(w / strongest, 0.0f, 1.0f)
                                        : 0.0f;
                line[k] = static_cast<uchar>(std::lround(level * 255.0f));
            }
        }
    }
    m_imageDirty = true;
    update();
}

QVariantList AttentionView::layers() const {
    std::set<int> layers;
    for (const auto& [key, pattern] : m_patterns) {
        layers.insert(key.first);
    }
    QVariantList list;
    for (const int layer : layers) {
        list.append(layer);
    }
    return list;
}

QVariantList AttentionView::heads() const {
    QVariantList list;
    for (const auto& [key, pattern] : m_patterns) {
        if (key.first == m_layer) {
            list.append(key.second);
        }
    }
    return list;
}

int AttentionView::step() const {
    const AttentionPattern* pattern = shown();
    return pattern == nullptr ? 0 : static_cast<int>(pattern->step);
}

void AttentionView::geometryChange(const QRectF& next, const QRectF& previous) {
    QQuickItem::geometryChange(next, previous);
    update();
}

QSGNode* AttentionView::updatePaintNode(QSGNode* old, UpdatePaintNodeData*) {
    return updateImageNode(old, window(), m_image, m_imageDirty,
                           fittedImageRect(QSizeF(m_image.size()), size()));
}

}  // namespace ossynapse

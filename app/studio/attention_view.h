#pragma once

#include <QtQml/qqmlregistration.h>
#include <QImage>
#include <QPointer>
#include <QQuickItem>
#include <map>

#include "app/studio/studio_engine.h"

namespace ossynapse {

// The attention of one head of one layer, token to token, as a training tap sends it: query
// positions as rows (first at the top), key positions as columns, one pixel each; brighter is
// more attention, scaled to the strongest weight of the pattern so a diffuse head still shows
// its shape. The last pattern of each (layer, head) is kept.
class AttentionView : public QQuickItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ossynapse::StudioEngine* engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(
        int attentionLayer READ attentionLayer WRITE setAttentionLayer NOTIFY selectionChanged)
    Q_PROPERTY(int head READ head WRITE setHead NOTIFY selectionChanged)
    Q_PROPERTY(QVariantList layers READ layers NOTIFY patternsChanged)
    Q_PROPERTY(QVariantList heads READ heads NOTIFY patternsChanged)
    Q_PROPERTY(int step READ step NOTIFY patternsChanged)
    Q_PROPERTY(QSize patternSize READ patternSize NOTIFY patternsChanged)

  public:
    explicit AttentionView(QQuickItem* parent = nullptr);

    StudioEngine* engine() const { return m_engine; }
    void setEngine(StudioEngine* engine);
    // -1 (the default): the first layer that arrives.
    int attentionLayer() const { return m_layer; }
    void setAttentionLayer(int layer);
    int head() const { return m_head; }
    void setHead(int head);
    QVariantList layers() const;
    QVariantList heads() const;  // of the shown layer
    int step() const;
    QSize patternSize() const { return m_image.size(); }

    void take(const AttentionPattern& pattern);
    const QImage& image() const { return m_image; }

  signals:
    void engineChanged();
    void selectionChanged();
    void patternsChanged();

  protected:
    QSGNode* updatePaintNode(QSGNode* old, UpdatePaintNodeData*) override;
    void geometryChange(const QRectF& next, const QRectF& previous) override;

  private:
    const AttentionPattern* shown() const;
    void redraw();

    QPointer<StudioEngine> m_engine;
    std::map<std::pair<int, int>, AttentionPattern> m_patterns;  // (layer, head)
    int m_layer = -1;
    int m_head = 0;
    QImage m_image;
    bool m_imageDirty = false;
};

}  // namespace ossynapse

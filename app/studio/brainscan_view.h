#pragma once

#include <QtQml/qqmlregistration.h>
#include <QImage>
#include <QPointer>
#include <QQuickItem>
#include <QUrl>

#include "app/studio/studio_engine.h"

namespace ossynapse {

// Seed 001's brainscan for the model at hand, one pixel per value, the last `columns` records
// up to the playhead as columns (newest at the right):
//   mode "summaries": layers as rows (first layer at the top), each row scaled to its own range
//                     so a quiet layer shows its structure next to a loud one;
//   mode "sparse":    the sparse activations of `sparseLayer`, its width folded into `sparseRows`
//                     rows of neighbouring indices (the strongest value of each), scaled to
//                     the strongest value in view.
// Drawn as one scene-graph texture, updated in place; nothing per pixel in QML.
class BrainscanView : public QQuickItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ossynapse::StudioEngine* engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(QString statistic READ statistic WRITE setStatistic NOTIFY statisticChanged)
    Q_PROPERTY(int columns READ columns WRITE setColumns NOTIFY columnsChanged)
    Q_PROPERTY(QString mode READ mode WRITE setMode NOTIFY modeChanged)
    Q_PROPERTY(int sparseLayer READ sparseLayer WRITE setSparseLayer NOTIFY modeChanged)
    Q_PROPERTY(QVariantList sparseLayers READ sparseLayers NOTIFY imageChanged)
    Q_PROPERTY(int layerCount READ layerCount NOTIFY imageChanged)
    Q_PROPERTY(int batchCount READ batchCount NOTIFY imageChanged)

  public:
    explicit BrainscanView(QQuickItem* parent = nullptr);

    StudioEngine* engine() const { return m_engine; }
    void setEngine(StudioEngine* engine);
    QString statistic() const { return m_statistic; }
    void setStatistic(const QString& statistic);
    int columns() const { return m_columns; }
    void setColumns(int columns);
    QString mode() const { return m_mode; }
    void setMode(const QString& mode);
    int sparseLayer() const { return m_layer; }
    void setSparseLayer(int layer);
    // The layers that have sparse activations in this session.
    QVariantList sparseLayers() const;
    int layerCount() const { return m_image.height(); }
    int batchCount() const { return m_batches; }

    // The current picture, one pixel per value (not the scaled-up view), as a PNG file.
    Q_INVOKABLE bool savePng(const QUrl& url) const;

    // Rows x columns of the current picture; exposed for tests.
    const QImage& image() const { return m_image; }
    void rebuild();

  signals:
    void engineChanged();
    void statisticChanged();
    void columnsChanged();
    void modeChanged();
    void imageChanged();

  protected:
    QSGNode* updatePaintNode(QSGNode* old, UpdatePaintNodeData*) override;

  private:
    void drawSummaries(double position);
    void drawSparse(double position);

    QPointer<StudioEngine> m_engine;
    QString m_statistic = QStringLiteral("norm");
    int m_columns = 120;  // 30 s of a tap's default 4 summaries a second
    QString m_mode = QStringLiteral("summaries");
    int m_layer = 0;
    static constexpr int kSparseRows = 96;
    int m_batches = 0;
    QImage m_image;
    bool m_imageDirty = true;
    std::size_t m_lastCount = 0;
    double m_lastPosition = -1.0;
};

}  // namespace ossynapse

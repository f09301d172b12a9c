#pragma once

#include <QtQml/qqmlregistration.h>
#include <QFutureWatcher>
#include <QPointer>
#include <QQuickItem>
#include <QUrl>
#include <memory>
#include <optional>
#include <vector>

#include "app/studio/studio_engine.h"
#include "app/studio/weights_textures.h"
#include "core/weights_image.h"

namespace ossynapse {

class WeightsExport;

// Seed 001's brainscan in weights mode: every trainable parameter of the model a training tap
// reports, one pixel per value, each matrix a rectangle where core/weights_image.h lays it out,
// updated with every whole weight frame. The values reach the GPU raw; the shader divides each
// by its matrix's scale (app/studio/shaders/weights.frag). A new model (other shapes) is laid out
// anew. PNG export and the time-lapse write the 16-bit image of core/weights_image.h.
// Packing a frame into textures runs on a worker thread (a 30M model's frame is 121 MB, a
// quarter second of work that would stall the window): the view shows the newest frame packed,
// and a frame that arrives while another packs waits, replaced by any newer one (counted in
// supersededFrames).
class WeightsView : public QQuickItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ossynapse::StudioEngine* engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(int frameCount READ frameCount NOTIFY frameChanged)
    Q_PROPERTY(int step READ step NOTIFY frameChanged)
    Q_PROPERTY(int matrixCount READ matrixCount NOTIFY frameChanged)
    Q_PROPERTY(double parameterCount READ parameterCount NOTIFY frameChanged)
    Q_PROPERTY(QSize imageSize READ imageSize NOTIFY frameChanged)
    Q_PROPERTY(QRectF imageRect READ imageRect NOTIFY imageRectChanged)
    Q_PROPERTY(int incompleteFrames READ incompleteFrames NOTIFY frameChanged)
    Q_PROPERTY(int supersededFrames READ supersededFrames NOTIFY frameChanged)
    Q_PROPERTY(QString timeLapseFolder READ timeLapseFolder NOTIFY timeLapseChanged)
    Q_PROPERTY(int timeLapseFrames READ timeLapseFrames NOTIFY timeLapseChanged)

  public:
    explicit WeightsView(QQuickItem* parent = nullptr);
    ~WeightsView() override;

    StudioEngine* engine() const { return m_engine; }
    void setEngine(StudioEngine* engine);
    int frameCount() const { return m_frames; }
    int step() const { return m_frame.empty() ? 0 : static_cast<int>(m_frame.front().step); }
    int matrixCount() const { return static_cast<int>(m_frame.size()); }
    double parameterCount() const;
    QSize imageSize() const;
    // Where the image is drawn in the item, in item coordinates.
    QRectF imageRect() const;
    int incompleteFrames() const { return static_cast<int>(m_assembler.incompleteFrames()); }
    int supersededFrames() const { return m_superseded; }
    QString timeLapseFolder() const;
    int timeLapseFrames() const;

    // The current frame at one pixel per value, 16-bit grey; an error in the engine's error
    // text (and false) when there is none or the file cannot be written.
    Q_INVOKABLE bool savePng(const QUrl& url);
    // Every whole frame from now on as DIR/weights-STEP.png with DIR/atlas.json.
    Q_INVOKABLE bool startTimeLapse(const QUrl& folder);
    Q_INVOKABLE void stopTimeLapse();
    // "blocks.0.attn.qkv · 192 × 64 · row 3, column 17: −0.0412" under a point of the item,
    // empty between matrices.
    Q_INVOKABLE QString describeAt(qreal x, qreal y) const;

    // Takes one weight matrix as the engine delivers it; public for tests.
    void take(const WeightMatrix& matrix);
    const std::vector<WeightMatrix>& frame() const { return m_frame; }
    const std::optional<WeightsLayout>& layout() const { return m_layout; }

  signals:
    void engineChanged();
    void frameChanged();
    void imageRectChanged();
    void timeLapseChanged();

  protected:
    QSGNode* updatePaintNode(QSGNode* old, UpdatePaintNodeData*) override;
    void geometryChange(const QRectF& next, const QRectF& previous) override;

  private:
    // A frame packed on the worker, with its layout and matrix map when the shapes changed.
    struct Packed {
        std::vector<WeightMatrix> frame;
        WeightTextures textures;
        std::optional<WeightsLayout> newLayout;
        QImage matrixMap;
        QString error;
    };

    void show(std::vector<WeightMatrix> frame);
    void startPacking(std::vector<WeightMatrix> frame);
    void packed();
    void reportError(const QString& text) const;

    QPointer<StudioEngine> m_engine;
    WeightFrameAssembler m_assembler;
    std::vector<WeightMatrix> m_frame;
    std::optional<WeightsLayout> m_layout;
    WeightTextures m_textures;
    WeightTextures m_spare;  // the frame before: its image is written over by the next packing
    QFutureWatcher<Packed> m_packing;
    // Set here, not read from the watcher: its running state follows the future by events.
    bool m_busy = false;
    std::optional<std::vector<WeightMatrix>> m_waiting;
    int m_superseded = 0;
    QImage m_matrixMap;
    bool m_valuesDirty = false;
    bool m_mapDirty = false;
    int m_frames = 0;
    std::unique_ptr<WeightsExport> m_timeLapse;
};

}  // namespace ossynapse

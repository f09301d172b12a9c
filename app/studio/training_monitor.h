#pragma once

#include <QtQml/qqmlregistration.h>
#include <QColor>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QVariantList>
#include <vector>

#include "app/studio/studio_engine.h"

namespace ossynapse {

// A piece of the generated text as the strip shows it: whole characters (a byte-level model's
// tokens joined until they make one), with the lowest probability among its tokens.
struct TextPiece {
    QString text;
    float probability = 0.0f;
};
std::vector<TextPiece> textPieces(const std::vector<SampledToken>& tokens);

// How sure the model was, as a colour for the text strip (seed 001): red at 0, amber at 0.5,
// green at 1, equally bright so no probability hides.
QColor confidenceColor(float probability);

// The training run a tap reports, for the weights mode's header and text strip: the loss and
// learning rate of the last training step, and the last text the model generated.
class TrainingMonitor : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ossynapse::StudioEngine* engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(int trainingSteps READ trainingSteps NOTIFY trainingChanged)
    Q_PROPERTY(int step READ step NOTIFY trainingChanged)
    Q_PROPERTY(double loss READ loss NOTIFY trainingChanged)
    // The first loss this view received (a view that joins late sees a later one).
    Q_PROPERTY(double firstLoss READ firstLoss NOTIFY trainingChanged)
    // False once no training step came for kStoppedAfterS (or before the first).
    Q_PROPERTY(bool training READ training NOTIFY trainingChanged)
    Q_PROPERTY(double learningRate READ learningRate NOTIFY trainingChanged)
    // [{text, probability, color}] of the last sampled text.
    Q_PROPERTY(QVariantList text READ text NOTIFY textChanged)
    Q_PROPERTY(int textStep READ textStep NOTIFY textChanged)

  public:
    explicit TrainingMonitor(QObject* parent = nullptr);

    StudioEngine* engine() const { return m_engine; }
    void setEngine(StudioEngine* engine);
    int trainingSteps() const { return m_trainingSteps; }
    bool training() const { return m_stopped.isActive(); }
    static constexpr int kStoppedAfterMs = 3000;
    int step() const { return m_step; }
    double loss() const { return m_loss; }
    double firstLoss() const { return m_firstLoss; }
    double learningRate() const { return m_learningRate; }
    QVariantList text() const { return m_text; }
    int textStep() const { return m_textStep; }

    // confidenceColor() for the strip's legend.
    Q_INVOKABLE QColor colorFor(double probability) const {
        return confidenceColor(float(probability));
    }

    // One telemetry message as the engine delivers it; public for tests.
    void take(const TelemetryMessage& message);

  signals:
    void engineChanged();
    void trainingChanged();
    void textChanged();

  private:
    QPointer<StudioEngine> m_engine;
    int m_trainingSteps = 0;
    int m_step = 0;
    double m_loss = qQNaN();
    double m_firstLoss = qQNaN();
    double m_learningRate = qQNaN();
    QVariantList m_text;
    QTimer m_stopped;
    int m_textStep = 0;
};

}  // namespace ossynapse

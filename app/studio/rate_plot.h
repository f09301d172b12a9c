#pragma once

#include <QtQml/qqmlregistration.h>
#include <QPointer>
#include <QQuickPaintedItem>

#include "app/studio/studio_engine.h"

namespace ossynapse {

// The last 30 s per channel: measured rate (thin) and smoothed level (thick), on the engine's
// logarithmic intensity scale, over horizontal bands for the four patterns.
class RatePlot : public QQuickPaintedItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ossynapse::StudioEngine* engine READ engine WRITE setEngine NOTIFY engineChanged)
    Q_PROPERTY(double seconds READ seconds WRITE setSeconds NOTIFY secondsChanged)

  public:
    explicit RatePlot(QQuickItem* parent = nullptr);

    StudioEngine* engine() const { return m_engine; }
    void setEngine(StudioEngine* engine);
    double seconds() const { return m_seconds; }
    void setSeconds(double seconds);

    void paint(QPainter* painter) override;

  signals:
    void engineChanged();
    void secondsChanged();

  private:
    QPointer<StudioEngine> m_engine;
    double m_seconds = 30.0;
};

}  // namespace ossynapse

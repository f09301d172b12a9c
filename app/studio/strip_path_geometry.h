#pragma once

#include <QtQml/qqmlregistration.h>
#include <QPointer>
#include <QQuick3DGeometry>

namespace ossynapse {

class StudioEngine;

// The physical wiring drawn as a line through every LED in strip order, so a rig author sees
// where the data line runs and spots an LED wired out of place.
class StripPathGeometry : public QQuick3DGeometry {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(StudioEngine* engine READ engine WRITE setEngine NOTIFY engineChanged)

  public:
    explicit StripPathGeometry(QQuick3DObject* parent = nullptr);

    StudioEngine* engine() const { return m_engine; }
    void setEngine(StudioEngine* engine);
    int pointCount() const { return m_points; }

  signals:
    void engineChanged();

  private:
    void rebuild();
    QPointer<StudioEngine> m_engine;
    int m_points = 0;
};

}  // namespace ossynapse

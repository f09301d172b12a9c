#pragma once

#include <QtQml/qqmlregistration.h>
#include <QPointer>
#include <QQuick3DGeometry>
#include <QVector3D>
#include <vector>

#include "core/rig.h"

namespace ossynapse {

class StudioEngine;

// The wiring as line segments (pairs of points, skull space, mm): a segment from each LED to
// the next in strip order, and on each an arrowhead `arrowMm` long at its middle, pointing the
// way the data runs, its barbs in the plane tangent to the skull there.
std::vector<QVector3D> stripPathLines(const std::vector<Vec3>& path, float arrowMm);

// The physical wiring drawn as a line through every LED in strip order, with arrows for the
// data's direction, so a rig author (or a builder) sees where the data line runs and spots an
// LED wired out of place.
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

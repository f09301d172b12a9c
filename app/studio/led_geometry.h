#pragma once

#include <QtQml/qqmlregistration.h>
#include <QQuick3DGeometry>

namespace ossynapse {

// A unit icosphere for the LEDs: with hundreds of instances on a software renderer, the
// triangle count per LED is what the frame rate pays for (#Sphere has thousands).
class LedGeometry : public QQuick3DGeometry {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int subdivisions READ subdivisions WRITE setSubdivisions NOTIFY subdivisionsChanged)

  public:
    explicit LedGeometry(QQuick3DObject* parent = nullptr);

    int subdivisions() const { return m_subdivisions; }
    void setSubdivisions(int subdivisions);
    int triangleCount() const { return m_triangles; }

  signals:
    void subdivisionsChanged();

  private:
    void rebuild();
    int m_subdivisions = 1;
    int m_triangles = 0;
};

}  // namespace ossynapse

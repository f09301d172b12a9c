#pragma once

#include <QtQml/qqmlregistration.h>
#include <QQuick3DGeometry>

namespace ossynapse {

// The studio's own glass skull, generated in code: a cranium ellipsoid (in the rig's skull
// space, millimetres, +z forward) shaped with a jaw, eye sockets, a nasal cavity and
// cheekbones. Smooth normals, no texture coordinates: it is drawn as glass.
class SkullGeometry : public QQuick3DGeometry {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int detail READ detail WRITE setDetail NOTIFY detailChanged)

  public:
    explicit SkullGeometry(QQuick3DObject* parent = nullptr);

    int detail() const { return m_detail; }
    void setDetail(int detail);

  signals:
    void detailChanged();

  private:
    void rebuild();
    int m_detail = 64;
};

}  // namespace ossynapse

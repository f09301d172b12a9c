#pragma once

#include <QtQml/qqmlregistration.h>
#include <QQuick3DGeometry>

namespace ossynapse {

// The studio's own glass skull: cranium, orbits, nasal aperture, zygomatic arches, maxilla
// and mandible with teeth, and the seed's cable port drilled up through the foramen magnum.
// The mesh is app/studio/skull/glass-skull.obj (made by generate_skull.py beside it), built
// into the binary. In the rig's skull space: millimetres, origin at the centre of the cranium,
// +y up, +z forward (the face), +x the skull's own left. Closed, outward smooth normals, no
// texture coordinates: it is drawn as glass and picked for LED placement.
class SkullGeometry : public QQuick3DGeometry {
    Q_OBJECT
    QML_ELEMENT

  public:
    explicit SkullGeometry(QQuick3DObject* parent = nullptr);

    // The resource the mesh is read from (a Qt resource path, ":/...").
    static QString meshPath();
};

}  // namespace ossynapse

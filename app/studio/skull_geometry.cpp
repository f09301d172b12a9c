#include "app/studio/skull_geometry.h"

#include <QFile>
#include <QtGlobal>

#include "app/studio/obj_mesh_geometry.h"
#include "core/error.h"
#include "core/obj_mesh.h"

namespace ossynapse {
namespace {

// Parsed once: every skull view (and every test that makes one) shares it.
const TriangleMesh& glassSkull() {
    static const TriangleMesh mesh = [] {
        QFile file(SkullGeometry::meshPath());
        // The mesh is compiled in: failing to read or parse it is a broken build, not input.
        if (!file.open(QIODevice::ReadOnly)) {
            qFatal("the glass skull %s is missing from the binary",
                   qPrintable(SkullGeometry::meshPath()));
        }
        const QByteArray text = file.readAll();
        try {
            return parseObj(std::string_view(text.constData(), std::size_t(text.size())));
        } catch (const InputError& error) {
            qFatal("the glass skull %s: %s", qPrintable(SkullGeometry::meshPath()), error.what());
        }
    }();
    return mesh;
}

}  // namespace

QString SkullGeometry::meshPath() {
    return QStringLiteral(":/ossynapse/skull/glass-skull.obj");
}

SkullGeometry::SkullGeometry(QQuick3DObject* parent) : QQuick3DGeometry(parent) {
    setTriangleMesh(*this, glassSkull());
    update();
}

}  // namespace ossynapse

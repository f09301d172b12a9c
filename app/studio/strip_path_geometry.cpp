#include "app/studio/strip_path_geometry.h"

#include <QVector3D>

#include "app/studio/engine_binding.h"
#include "app/studio/studio_engine.h"
#include "core/rig_edit.h"

namespace ossynapse {

StripPathGeometry::StripPathGeometry(QQuick3DObject* parent) : QQuick3DGeometry(parent) {
    rebuild();
}

void StripPathGeometry::setEngine(StudioEngine* engine) {
    if (!rebindEngine(this, m_engine, engine, [this](StudioEngine* bound) {
            connect(bound, &StudioEngine::rigChanged, this, &StripPathGeometry::rebuild);
        })) {
        return;
    }
    rebuild();
    emit engineChanged();
}

void StripPathGeometry::rebuild() {
    const std::vector<Vec3> path =
        m_engine != nullptr ? rig_edit::stripPath(m_engine->rig()) : std::vector<Vec3>{};
    QByteArray vertexData(static_cast<qsizetype>(path.size() * 3 * sizeof(float)),
                          Qt::Uninitialized);
    auto* out = reinterpret_cast<float*>(vertexData.data());
    QVector3D minimum(0, 0, 0);
    QVector3D maximum(0, 0, 0);
    for (std::size_t i = 0; i < path.size(); ++i) {
        const QVector3D point(static_cast<float>(path[i].x), static_cast<float>(path[i].y),
                              static_cast<float>(path[i].z));
        *out++ = point.x();
        *out++ = point.y();
        *out++ = point.z();
        minimum =
            i == 0 ? point
                   : QVector3D(std::min(minimum.x(), point.x()), std::min(minimum.y(), point.y()),
                               std::min(minimum.z(), point.z()));
        maximum =
            i == 0 ? point
                   : QVector3D(std::max(maximum.x(), point.x()), std::max(maximum.y(), point.y()),
                               std::max(maximum.z(), point.z()));
    }
    m_points = static_cast<int>(path.size());
    clear();
    setStride(3 * sizeof(float));
    setVertexData(vertexData);
    setPrimitiveType(PrimitiveType::LineStrip);
    addAttribute(Attribute::PositionSemantic, 0, Attribute::F32Type);
    setBounds(minimum, maximum);
    update();
}

}  // namespace ossynapse

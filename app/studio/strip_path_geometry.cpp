#include "app/studio/strip_path_geometry.h"

#include <QVector3D>
#include <algorithm>
#include <cmath>

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

std::vector<QVector3D> stripPathLines(const std::vector<Vec3>& path, float arrowMm) {
    std::vector<QVector3D> lines;
    for (std::size_t i = 1; i < path.size(); ++i) {
        const QVector3D from(static_cast<float>(path[i - 1].x), static_cast<float>(path[i - 1].y),
                             static_cast<float>(path[i - 1].z));
        const QVector3D to(static_cast<float>(path[i].x), static_cast<float>(path[i].y),
                           static_cast<float>(path[i].z));
        lines.push_back(from);
        lines.push_back(to);
        const QVector3D along = to - from;
        const float length = along.length();
        if (length < 1e-3f) {
            continue;
        }
        const QVector3D direction = along / length;
        const QVector3D middle = (from + to) * 0.5f;
        // Across the segment, in the skull's tangent plane (the radial direction is the
        // surface normal near enough for a shell round the centre).
        QVector3D across = QVector3D::crossProduct(direction, middle.normalized());
        if (across.lengthSquared() < 1e-6f) {
            // Through the centre, or radial: any direction across will do.
            const QVector3D other =
                std::abs(direction.y()) < 0.9f ? QVector3D(0, 1, 0) : QVector3D(1, 0, 0);
            across = QVector3D::crossProduct(direction, other);
        }
        across.normalize();
        const float size = std::min(arrowMm, 0.4f * length);
        const QVector3D tip = middle + direction * (0.5f * size);
        const QVector3D back = tip - direction * size;
        lines.push_back(tip);
        lines.push_back(back + across * (0.6f * size));
        lines.push_back(tip);
        lines.push_back(back - across * (0.6f * size));
    }
    return lines;
}

void StripPathGeometry::rebuild() {
    const std::vector<Vec3> path =
        m_engine != nullptr ? rig_edit::stripPath(m_engine->rig()) : std::vector<Vec3>{};
    const std::vector<QVector3D> lines = stripPathLines(path, 4.0f);
    QByteArray vertexData(static_cast<qsizetype>(lines.size() * 3 * sizeof(float)),
                          Qt::Uninitialized);
    auto* out = reinterpret_cast<float*>(vertexData.data());
    QVector3D minimum(0, 0, 0);
    QVector3D maximum(0, 0, 0);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const QVector3D& point = lines[i];
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
    setPrimitiveType(PrimitiveType::Lines);
    addAttribute(Attribute::PositionSemantic, 0, Attribute::F32Type);
    setBounds(minimum, maximum);
    update();
}

}  // namespace ossynapse

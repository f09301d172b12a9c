#include "app/studio/led_geometry.h"

#include <QVector3D>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <vector>

namespace ossynapse {

LedGeometry::LedGeometry(QQuick3DObject* parent) : QQuick3DGeometry(parent) {
    rebuild();
}

void LedGeometry::setSubdivisions(int subdivisions) {
    subdivisions = std::clamp(subdivisions, 0, 4);
    if (subdivisions != m_subdivisions) {
        m_subdivisions = subdivisions;
        rebuild();
        emit subdivisionsChanged();
    }
}

void LedGeometry::rebuild() {
    const float t = (1.0f + std::sqrt(5.0f)) / 2.0f;
    std::vector<QVector3D> vertices = {{-1, t, 0}, {1, t, 0}, {-1, -t, 0}, {1, -t, 0},
                                       {0, -1, t}, {0, 1, t}, {0, -1, -t}, {0, 1, -t},
                                       {t, 0, -1}, {t, 0, 1}, {-t, 0, -1}, {-t, 0, 1}};
    for (QVector3D& v : vertices) {
        v.normalize();
    }
    std::vector<std::array<quint16, 3>> faces = {
        {0, 11, 5},  {0, 5, 1},  {0, 1, 7},  {0, 7, 10}, {0, 10, 11}, {1, 5, 9}, {5, 11, 4},
        {11, 10, 2}, {10, 7, 6}, {7, 1, 8},  {3, 9, 4},  {3, 4, 2},   {3, 2, 6}, {3, 6, 8},
        {3, 8, 9},   {4, 9, 5},  {2, 4, 11}, {6, 2, 10}, {8, 6, 7},   {9, 8, 1}};
    for (int level = 0; level < m_subdivisions; ++level) {
        std::map<std::pair<quint16, quint16>, quint16> midpoints;
        const auto midpoint = [&](quint16 a, quint16 b) {
            const auto key = std::minmax(a, b);
            const auto found = midpoints.find(key);
            if (found != midpoints.end()) {
                return found->second;
            }
            vertices.push_back(((vertices[a] + vertices[b]) * 0.5f).normalized());
            const auto index = static_cast<quint16>(vertices.size() - 1);
            midpoints.emplace(key, index);
            return index;
        };
        std::vector<std::array<quint16, 3>> finer;
        for (const auto& f : faces) {
            const quint16 ab = midpoint(f[0], f[1]);
            const quint16 bc = midpoint(f[1], f[2]);
            const quint16 ca = midpoint(f[2], f[0]);
            finer.push_back({f[0], ab, ca});
            finer.push_back({f[1], bc, ab});
            finer.push_back({f[2], ca, bc});
            finer.push_back({ab, bc, ca});
        }
        faces = std::move(finer);
    }
    // Position and normal are the same vector on a unit sphere.
    QByteArray vertexData(static_cast<qsizetype>(vertices.size() * 6 * sizeof(float)),
                          Qt::Uninitialized);
    auto* out = reinterpret_cast<float*>(vertexData.data());
    for (const QVector3D& v : vertices) {
        for (int copy = 0; copy < 2; ++copy) {
            *out++ = v.x();
            *out++ = v.y();
            *out++ = v.z();
        }
    }
    QByteArray indexData(static_cast<qsizetype>(faces.size() * sizeof(faces[0])),
                         Qt::Uninitialized);
    std::copy_n(reinterpret_cast<const char*>(faces.data()), indexData.size(), indexData.data());
    m_triangles = static_cast<int>(faces.size());
    clear();
    setStride(6 * sizeof(float));
    setVertexData(vertexData);
    setIndexData(indexData);
    setPrimitiveType(PrimitiveType::Triangles);
    addAttribute(Attribute::PositionSemantic, 0, Attribute::F32Type);
    addAttribute(Attribute::NormalSemantic, 3 * sizeof(float), Attribute::F32Type);
    addAttribute(Attribute::IndexSemantic, 0, Attribute::U16Type);
    setBounds(QVector3D(-1, -1, -1), QVector3D(1, 1, 1));
    update();
}

}  // namespace ossynapse

#include "app/studio/skull_geometry.h"

#include <QVector3D>
#include <algorithm>
#include <cmath>
#include <vector>

namespace ossynapse {
namespace {

constexpr float kPi = 3.14159265358979f;

float smoothstep(float edge0, float edge1, float x) {
    const float t = std::clamp((x - edge0) / (edge1 - edge0), 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

// A dent (negative) or bump (positive) of `depth` mm around direction `centre`.
float feature(const QVector3D& d, const QVector3D& centre, float width, float depth) {
    const float cosine = QVector3D::dotProduct(d, centre.normalized());
    const float angle = std::acos(std::clamp(cosine, -1.0f, 1.0f));
    return depth * std::exp(-(angle * angle) / (width * width));
}

// The skull's surface point for unit direction d from the centre of the cranium.
QVector3D surface(const QVector3D& d) {
    QVector3D p(d.x() * 68.0f, d.y() * 78.0f, d.z() * 92.0f);
    // Jaw and face: the front lower part reaches down and narrows.
    const float face = smoothstep(0.0f, 0.6f, d.z()) * smoothstep(0.15f, 0.75f, -d.y());
    p.setY(p.y() * (1.0f + 0.32f * face));
    p.setX(p.x() * (1.0f - 0.28f * face));
    p.setZ(p.z() * (1.0f - 0.12f * face));
    // The back of the base narrows towards the neck.
    const float neck = smoothstep(0.3f, 0.9f, -d.y()) * smoothstep(-0.2f, 0.5f, -d.z());
    p *= 1.0f - 0.22f * neck;
    float offset = 0.0f;
    offset += feature(d, QVector3D(-0.36f, 0.0f, 0.93f), 0.22f, -20.0f);  // eye sockets
    offset += feature(d, QVector3D(0.36f, 0.0f, 0.93f), 0.22f, -20.0f);
    offset += feature(d, QVector3D(0.0f, -0.26f, 0.96f), 0.10f, -11.0f);  // nasal cavity
    offset += feature(d, QVector3D(-0.64f, -0.24f, 0.73f), 0.18f, 3.0f);  // cheekbones
    offset += feature(d, QVector3D(0.64f, -0.24f, 0.73f), 0.18f, 3.0f);
    offset += feature(d, QVector3D(0.0f, 0.2f, 0.98f), 0.22f, 4.0f);    // brow ridge
    offset += feature(d, QVector3D(-0.98f, -0.1f, 0.1f), 0.3f, -4.0f);  // temples
    offset += feature(d, QVector3D(0.98f, -0.1f, 0.1f), 0.3f, -4.0f);
    return p + d * offset;
}

}  // namespace

SkullGeometry::SkullGeometry(QQuick3DObject* parent) : QQuick3DGeometry(parent) {
    rebuild();
}

void SkullGeometry::setDetail(int detail) {
    detail = std::clamp(detail, 8, 256);
    if (detail != m_detail) {
        m_detail = detail;
        rebuild();
        emit detailChanged();
    }
}

void SkullGeometry::rebuild() {
    const int rings = m_detail;
    const int segments = m_detail * 2;
    std::vector<QVector3D> positions;
    positions.reserve(static_cast<std::size_t>((rings + 1) * (segments + 1)));
    for (int r = 0; r <= rings; ++r) {
        const float theta =
            kPi * static_cast<float>(r) / static_cast<float>(rings);  // from the top
        for (int s = 0; s <= segments; ++s) {
            // Start at the back, so the mesh's seam is where it is least seen.
            const float phi =
                kPi + 2.0f * kPi * static_cast<float>(s) / static_cast<float>(segments);
            const QVector3D direction(std::sin(theta) * std::sin(phi), std::cos(theta),
                                      std::sin(theta) * std::cos(phi));
            positions.push_back(surface(direction));
        }
    }
    std::vector<quint32> indices;
    const auto at = [segments](int r, int s) {
        return static_cast<quint32>(r * (segments + 1) + s);
    };
    for (int r = 0; r < rings; ++r) {
        for (int s = 0; s < segments; ++s) {
            indices.insert(indices.end(), {at(r, s), at(r + 1, s), at(r, s + 1)});
            indices.insert(indices.end(), {at(r, s + 1), at(r + 1, s), at(r + 1, s + 1)});
        }
    }
    std::vector<QVector3D> normals(positions.size());
    for (std::size_t i = 0; i < indices.size(); i += 3) {
        const QVector3D& a = positions[indices[i]];
        const QVector3D& b = positions[indices[i + 1]];
        const QVector3D& c = positions[indices[i + 2]];
        const QVector3D n = QVector3D::crossProduct(b - a, c - a);
        for (std::size_t k = 0; k < 3; ++k) {
            normals[indices[i + k]] += n;
        }
    }
    QByteArray vertices;
    vertices.resize(static_cast<qsizetype>(positions.size() * 6 * sizeof(float)));
    auto* out = reinterpret_cast<float*>(vertices.data());
    QVector3D minimum(1e9f, 1e9f, 1e9f);
    QVector3D maximum(-1e9f, -1e9f, -1e9f);
    for (std::size_t i = 0; i < positions.size(); ++i) {
        const QVector3D n = normals[i].normalized();
        const QVector3D& p = positions[i];
        *out++ = p.x();
        *out++ = p.y();
        *out++ = p.z();
        *out++ = n.x();
        *out++ = n.y();
        *out++ = n.z();
        minimum = QVector3D(std::min(minimum.x(), p.x()), std::min(minimum.y(), p.y()),
                            std::min(minimum.z(), p.z()));
        maximum = QVector3D(std::max(maximum.x(), p.x()), std::max(maximum.y(), p.y()),
                            std::max(maximum.z(), p.z()));
    }
    QByteArray indexData(reinterpret_cast<const char*>(indices.data()),
                         static_cast<qsizetype>(indices.size() * sizeof(quint32)));
    clear();
    setStride(6 * sizeof(float));
    setVertexData(vertices);
    setIndexData(indexData);
    setPrimitiveType(PrimitiveType::Triangles);
    addAttribute(Attribute::PositionSemantic, 0, Attribute::F32Type);
    addAttribute(Attribute::NormalSemantic, 3 * sizeof(float), Attribute::F32Type);
    addAttribute(Attribute::IndexSemantic, 0, Attribute::U32Type);
    setBounds(minimum, maximum);
    update();
}

}  // namespace ossynapse

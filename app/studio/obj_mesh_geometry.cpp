#include "app/studio/obj_mesh_geometry.h"

#include <QFile>
#include <QVector3D>
#include <limits>

#include "core/error.h"
#include "core/obj_mesh.h"

namespace ossynapse {
namespace {

// Qt's renderer divides by the stride even for an empty geometry: keep the layout always set.
void describeLayout(QQuick3DGeometry& geometry) {
    using Attribute = QQuick3DGeometry::Attribute;
    geometry.setStride(6 * sizeof(float));
    geometry.setPrimitiveType(QQuick3DGeometry::PrimitiveType::Triangles);
    geometry.addAttribute(Attribute::PositionSemantic, 0, Attribute::F32Type);
    geometry.addAttribute(Attribute::NormalSemantic, 3 * sizeof(float), Attribute::F32Type);
    geometry.addAttribute(Attribute::IndexSemantic, 0, Attribute::U32Type);
}

}  // namespace

void setTriangleMesh(QQuick3DGeometry& geometry, const TriangleMesh& mesh) {
    QByteArray vertexData(static_cast<qsizetype>(mesh.positions.size() * 6 * sizeof(float)),
                          Qt::Uninitialized);
    auto* out = reinterpret_cast<float*>(vertexData.data());
    QVector3D minimum(std::numeric_limits<float>::max(), std::numeric_limits<float>::max(),
                      std::numeric_limits<float>::max());
    QVector3D maximum = -minimum;
    for (std::size_t i = 0; i < mesh.positions.size(); ++i) {
        const auto& p = mesh.positions[i];
        const auto& n = mesh.normals[i];
        out = std::copy(p.begin(), p.end(), out);
        out = std::copy(n.begin(), n.end(), out);
        minimum = QVector3D(std::min(minimum.x(), p[0]), std::min(minimum.y(), p[1]),
                            std::min(minimum.z(), p[2]));
        maximum = QVector3D(std::max(maximum.x(), p[0]), std::max(maximum.y(), p[1]),
                            std::max(maximum.z(), p[2]));
    }
    QByteArray indexData(static_cast<qsizetype>(mesh.indices.size() * sizeof(std::uint32_t)),
                         Qt::Uninitialized);
    std::copy_n(reinterpret_cast<const char*>(mesh.indices.data()), indexData.size(),
                indexData.data());
    geometry.clear();
    describeLayout(geometry);
    geometry.setVertexData(vertexData);
    geometry.setIndexData(indexData);
    geometry.setBounds(minimum, maximum);
}

ObjMeshGeometry::ObjMeshGeometry(QQuick3DObject* parent) : QQuick3DGeometry(parent) {
    describeLayout();
}

void ObjMeshGeometry::describeLayout() {
    ossynapse::describeLayout(*this);
}

void ObjMeshGeometry::setSource(const QUrl& source) {
    if (source == m_source) {
        return;
    }
    m_source = source;
    emit sourceChanged();
    load();
}

void ObjMeshGeometry::load() {
    m_ready = false;
    m_errorString.clear();
    clear();
    describeLayout();
    if (m_source.isEmpty()) {
        update();
        emit statusChanged();
        return;
    }
    const QString path = m_source.isLocalFile() ? m_source.toLocalFile() : m_source.toString();
    QFile file(path);
    try {
        if (!file.open(QIODevice::ReadOnly)) {
            throw InputError(file.errorString().toStdString());
        }
        const QByteArray text = file.readAll();
        const TriangleMesh mesh =
            parseObj(std::string_view(text.constData(), std::size_t(text.size())));
        setTriangleMesh(*this, mesh);
        m_ready = true;
    } catch (const InputError& error) {
        m_errorString = QStringLiteral("%1: %2").arg(path, QString::fromUtf8(error.what()));
    }
    update();
    emit statusChanged();
}

}  // namespace ossynapse

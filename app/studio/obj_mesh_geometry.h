#pragma once

#include <QtQml/qqmlregistration.h>
#include <QQuick3DGeometry>
#include <QUrl>

namespace ossynapse {

struct TriangleMesh;

// Replaces `geometry`'s buffers with `mesh` (positions and normals interleaved, 32-bit
// indices, bounds from the positions), in the mesh's own units and frame.
void setTriangleMesh(QQuick3DGeometry& geometry, const TriangleMesh& mesh);

// A user's OBJ mesh as scene geometry, drawn with the studio's own glass and pickable for LED
// placement. (Qt 6.4's RuntimeLoader reads glTF only; OBJ is read here.)
class ObjMeshGeometry : public QQuick3DGeometry {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QUrl source READ source WRITE setSource NOTIFY sourceChanged)
    Q_PROPERTY(bool ready READ ready NOTIFY statusChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY statusChanged)

  public:
    explicit ObjMeshGeometry(QQuick3DObject* parent = nullptr);

    QUrl source() const { return m_source; }
    void setSource(const QUrl& source);
    bool ready() const { return m_ready; }
    QString errorString() const { return m_errorString; }

  signals:
    void sourceChanged();
    void statusChanged();

  private:
    void load();
    void describeLayout();
    QUrl m_source;
    bool m_ready = false;
    QString m_errorString;
};

}  // namespace ossynapse

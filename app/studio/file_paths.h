#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QUrl>

namespace ossynapse {

// What the studio's save dialog asks of the file system, for QML: whether a file is already
// there (to ask before replacing it), and a file's URL in a folder.
class FilePaths : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

  public:
    explicit FilePaths(QObject* parent = nullptr) : QObject(parent) {}

    Q_INVOKABLE bool exists(const QUrl& file) const;
    // `name` in `folder`, with `suffix` (".json") added when the name has no suffix of its own.
    Q_INVOKABLE QUrl fileIn(const QUrl& folder, const QString& name, const QString& suffix) const;
    // The folder the studio was started in, where a first save goes.
    Q_INVOKABLE QUrl workingFolder() const;
};

}  // namespace ossynapse

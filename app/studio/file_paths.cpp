#include "app/studio/file_paths.h"

#include <QDir>
#include <QFileInfo>

namespace ossynapse {

bool FilePaths::exists(const QUrl& file) const {
    return file.isLocalFile() && QFileInfo::exists(file.toLocalFile());
}

QUrl FilePaths::fileIn(const QUrl& folder, const QString& name, const QString& suffix) const {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        return {};
    }
    QString file = QDir(folder.toLocalFile()).filePath(trimmed);
    if (QFileInfo(trimmed).suffix().isEmpty()) {
        file += suffix;
    }
    return QUrl::fromLocalFile(file);
}

QUrl FilePaths::workingFolder() const {
    return QUrl::fromLocalFile(QDir::currentPath());
}

}  // namespace ossynapse

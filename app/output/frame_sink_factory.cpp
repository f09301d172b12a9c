#include "app/output/frame_sink_factory.h"

#include <QFileInfo>
#include <QStringList>
#include <algorithm>

namespace ossynapse {

// Every kind of output, one line each; the kind itself lives in its own file.
#define OSSYNAPSE_SINK_KINDS(KIND) \
    KIND(ddpSinkKind)              \
    KIND(e131SinkKind)             \
    KIND(artnetSinkKind)           \
    KIND(oscSinkKind)              \
    KIND(seedHttpSinkKind)         \
    KIND(jsonlFileSinkKind)        \
    KIND(csvFileSinkKind)          \
    KIND(fseqFileSinkKind)

#define OSSYNAPSE_DECLARE_KIND(name) SinkKind name();
OSSYNAPSE_SINK_KINDS(OSSYNAPSE_DECLARE_KIND)
#undef OSSYNAPSE_DECLARE_KIND

const std::vector<SinkKind>& sinkKinds() {
#define OSSYNAPSE_LIST_KIND(name) name(),
    static const std::vector<SinkKind> kinds = {OSSYNAPSE_SINK_KINDS(OSSYNAPSE_LIST_KIND)};
#undef OSSYNAPSE_LIST_KIND
    return kinds;
}

std::unique_ptr<FrameSink> createSink(const QString& text) {
    SinkUri uri(text);
    for (const SinkKind& kind : sinkKinds()) {
        if (kind.create != nullptr && kind.scheme == uri.scheme()) {
            std::unique_ptr<FrameSink> sink = kind.create(uri);
            uri.refuseUnknownKeys();
            return sink;
        }
    }
    QStringList schemes;
    for (const SinkKind& kind : sinkKinds()) {
        if (kind.create != nullptr) {
            schemes << kind.scheme + QStringLiteral("://");
        }
    }
    uri.fail(QStringLiteral("unknown kind of output (%1)").arg(schemes.join(QStringLiteral(", "))));
}

std::unique_ptr<FrameSink> createFileSink(const QString& path, const FileSinkOptions& options) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (const SinkKind& kind : sinkKinds()) {
        if (kind.createFile != nullptr && kind.scheme == suffix) {
            return kind.createFile(path, options);
        }
    }
    throw SinkError(
        QStringLiteral("'%1' must end in %2").arg(path, fileSinkHelp(false)).toStdString());
}

QString sinkHelp() {
    QStringList lines;
    qsizetype width = 0;
    for (const SinkKind& kind : sinkKinds()) {
        if (kind.create != nullptr) {
            width = std::max(width, kind.syntax.size());
        }
    }
    for (const SinkKind& kind : sinkKinds()) {
        if (kind.create != nullptr) {
            lines << QStringLiteral("  %1  %2").arg(kind.syntax.leftJustified(width), kind.summary);
        }
    }
    return QStringLiteral("Targets (URIs):\n") + lines.join(QLatin1Char('\n')) + QLatin1Char('\n') +
           sinkOptionsHelp() + QLatin1Char('\n');
}

QString sinkOptionsHelp() {
    return QStringLiteral(
        "DDP, E1.31 and Art-Net targets also take ?latency_ms=N (send N ms behind the others, "
        "for a controller that lags) and ?leds=N (the controller's LED count: a rig of another "
        "size is not sent). Options start after '?' and are joined by '&', e.g. "
        "ddp://10.0.0.5?latency_ms=40&leds=156; an unknown option is refused.");
}

QString fileSinkHelp(bool describe) {
    QStringList formats;
    for (const SinkKind& kind : sinkKinds()) {
        if (kind.createFile != nullptr) {
            formats << (describe ? QStringLiteral(".%1 (%2)").arg(kind.scheme, kind.summary)
                                 : QStringLiteral(".") + kind.scheme);
        }
    }
    const QString last = formats.takeLast();
    return formats.isEmpty() ? last
                             : formats.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
}

}  // namespace ossynapse

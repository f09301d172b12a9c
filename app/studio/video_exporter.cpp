#include "app/studio/video_exporter.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QStandardPaths>
#include <cmath>
#include <cstdio>

namespace ossynapse {
namespace {

// A stepped frame reaches the window within a few engine ticks; a frame that never comes
// means the engine stopped, and the export says so rather than waiting for ever.
constexpr qint64 kFrameTimeoutMs = 10000;

}  // namespace

VideoExporter::VideoExporter(QQuickWindow* window, StudioEngine* engine, VideoExport video)
    : m_window(window), m_engine(engine), m_video(std::move(video)) {
    m_wait.setInterval(2);
    connect(&m_wait, &QTimer::timeout, this, &VideoExporter::waitForFrame);
    connect(&m_ffmpeg, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            finish(1, QStringLiteral("cannot start ffmpeg: %1").arg(m_ffmpeg.errorString()));
        }
    });
}

VideoExporter::~VideoExporter() {
    // Quit mid-export (a signal, the window closed): the frames so far make a whole video.
    if (m_ffmpeg.state() != QProcess::NotRunning) {
        m_ffmpeg.closeWriteChannel();
        m_ffmpeg.waitForFinished(30000);
    }
}

void VideoExporter::start() {
    const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
    if (ffmpeg.isEmpty()) {
        finish(1, QStringLiteral("video export needs ffmpeg on the PATH (Debian: ffmpeg)"));
        return;
    }
    const double end = std::min(m_video.to.value_or(m_engine->duration()), m_engine->duration());
    if (!(end > m_video.from)) {
        finish(1, QStringLiteral("nothing to export: %1 is %2 s long, the video would start "
                                 "at %3 s")
                      .arg(m_engine->sourceName())
                      .arg(m_engine->duration(), 0, 'f', 2)
                      .arg(m_video.from, 0, 'f', 2));
        return;
    }
    m_frames = std::max<qint64>(1, std::llround((end - m_video.from) * m_video.fps));
    m_engine->setPlaying(false);
    m_engine->setLoop(false);
    // The size of the first grab is the video's; H.264 in yuv420p needs it even.
    const QImage first = m_window->grabWindow();
    m_size = QSize(first.width() & ~1, first.height() & ~1);
    if (m_size.isEmpty()) {
        finish(1, QStringLiteral("the window could not be drawn"));
        return;
    }
    m_ffmpeg.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_ffmpeg.start(ffmpeg, {QStringLiteral("-hide_banner"),
                            QStringLiteral("-loglevel"),
                            QStringLiteral("error"),
                            QStringLiteral("-y"),
                            QStringLiteral("-f"),
                            QStringLiteral("rawvideo"),
                            QStringLiteral("-pix_fmt"),
                            QStringLiteral("rgba"),
                            QStringLiteral("-video_size"),
                            QStringLiteral("%1x%2").arg(m_size.width()).arg(m_size.height()),
                            QStringLiteral("-framerate"),
                            QString::number(m_video.fps),
                            QStringLiteral("-i"),
                            QStringLiteral("pipe:0"),
                            QStringLiteral("-c:v"),
                            QStringLiteral("libx264"),
                            QStringLiteral("-preset"),
                            QStringLiteral("veryfast"),
                            QStringLiteral("-crf"),
                            QStringLiteral("18"),
                            QStringLiteral("-pix_fmt"),
                            QStringLiteral("yuv420p"),
                            m_video.path});
    if (!m_ffmpeg.waitForStarted(10000)) {
        return;  // errorOccurred said why
    }
    // The session is named: without a recording on the command line it is the one the studio
    // opened by itself, which the user may not expect.
    std::fprintf(stderr,
                 "ossynapse-studio: exporting %lld frames of %s (%.2f to %.2f s at %g fps, "
                 "%dx%d) to %s\n",
                 static_cast<long long>(m_frames), m_engine->sourceName().toUtf8().constData(),
                 m_video.from, end, m_video.fps, m_size.width(), m_size.height(),
                 m_video.path.toUtf8().constData());
    m_progress.start();
    stepToNextFrame();
}

void VideoExporter::stepToNextFrame() {
    if (m_next >= m_frames) {
        m_ffmpeg.closeWriteChannel();
        if (!m_ffmpeg.waitForFinished(120000) || m_ffmpeg.exitCode() != 0) {
            finish(1, QStringLiteral("ffmpeg could not write %1 (exit code %2)")
                          .arg(m_video.path)
                          .arg(m_ffmpeg.exitCode()));
            return;
        }
        std::fprintf(stderr, "ossynapse-studio: exported %lld frames to %s\n",
                     static_cast<long long>(m_frames), m_video.path.toUtf8().constData());
        finish(0);
        return;
    }
    m_target = m_video.from + static_cast<double>(m_next) / m_video.fps;
    m_engine->seek(m_target);
    m_waited.start();
    m_wait.start();
}

void VideoExporter::waitForFrame() {
    m_engine->poll();
    if (std::abs(m_engine->position() - m_target) < 1e-9) {
        m_wait.stop();
        grabFrame();
        return;
    }
    if (m_waited.elapsed() > kFrameTimeoutMs) {
        m_wait.stop();
        finish(1, QStringLiteral("the engine did not reach %1 s").arg(m_target));
    }
}

void VideoExporter::grabFrame() {
    if (m_window == nullptr || m_ffmpeg.state() != QProcess::Running) {
        finish(1, QStringLiteral("ffmpeg stopped before the video was whole"));
        return;
    }
    const QImage frame = m_window->grabWindow()
                             .copy(QRect(QPoint(0, 0), m_size))
                             .convertToFormat(QImage::Format_RGBA8888);
    if (frame.size() != m_size) {
        finish(1, QStringLiteral("the window changed size during the export"));
        return;
    }
    for (int y = 0; y < frame.height(); ++y) {
        m_ffmpeg.write(reinterpret_cast<const char*>(frame.constScanLine(y)),
                       static_cast<qint64>(frame.width()) * 4);
    }
    // Backpressure: never hold more than a frame or two in memory when ffmpeg is slower.
    while (m_ffmpeg.bytesToWrite() > 0 && m_ffmpeg.state() == QProcess::Running) {
        m_ffmpeg.waitForBytesWritten(1000);
    }
    ++m_next;
    if (m_progress.elapsed() >= 1000 || m_next == m_frames) {
        m_progress.restart();
        std::fprintf(stderr, "ossynapse-studio: frame %lld of %lld (%.0f %%)\n",
                     static_cast<long long>(m_next), static_cast<long long>(m_frames),
                     100.0 * static_cast<double>(m_next) / static_cast<double>(m_frames));
    }
    stepToNextFrame();
}

void VideoExporter::finish(int exitCode, const QString& why) {
    if (m_finished) {
        return;
    }
    m_finished = true;
    if (!why.isEmpty()) {
        std::fprintf(stderr, "ossynapse-studio: error: %s\n", why.toUtf8().constData());
    }
    QMetaObject::invokeMethod(
        qApp, [exitCode] { QCoreApplication::exit(exitCode); }, Qt::QueuedConnection);
}

}  // namespace ossynapse

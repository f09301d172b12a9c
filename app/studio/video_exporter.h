#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QQuickWindow>
#include <QTimer>

#include "app/studio/studio_engine.h"
#include "app/studio/studio_options.h"

namespace ossynapse {

// The replay as a video: the engine is paused and stepped onto each frame's time (frame i at
// from + i / fps; a forward step keeps the plot's history, as playing does), the window is
// drawn and grabbed, and the pixels go to ffmpeg as raw RGBA on its standard input, which
// encodes H.264 (yuv420p, the pixel format every player takes). A frame is what --capture at
// the same time shows. Progress goes to stderr once a second; SIGINT or SIGTERM (through the
// studio's quit) ends the video at the frame reached, still playable.
class VideoExporter : public QObject {
    Q_OBJECT
  public:
    VideoExporter(QQuickWindow* window, StudioEngine* engine, VideoExport video);
    ~VideoExporter() override;

    // Quits the application when done: exit code 0, or 1 with the reason on stderr.
    void start();

  private:
    void stepToNextFrame();
    void waitForFrame();
    void grabFrame();
    void finish(int exitCode, const QString& why = {});

    QPointer<QQuickWindow> m_window;
    StudioEngine* m_engine;
    VideoExport m_video;
    QProcess m_ffmpeg;
    QTimer m_wait;
    QElapsedTimer m_waited;
    QElapsedTimer m_progress;
    qint64 m_frames = 0;  // in the video
    qint64 m_next = 0;    // the frame being made
    double m_target = 0.0;
    QSize m_size;
    bool m_finished = false;
};

}  // namespace ossynapse

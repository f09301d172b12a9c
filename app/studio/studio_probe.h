#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QQuickWindow>
#include <QTimer>
#include <vector>

#include "app/studio/studio_engine.h"
#include "app/studio/studio_options.h"

namespace ossynapse {

// Looks at the running studio from outside, as a person would: screenshots of the window at
// given replay positions (played up to, so the plot has its history), or a render benchmark
// (frame rate, frame times, peak memory).
class StudioProbe : public QObject {
    Q_OBJECT
  public:
    StudioProbe(QQuickWindow* window, StudioEngine* engine);

    void runCaptures(std::vector<Capture> captures);
    void runBenchmark(int frames);

  private:
    void nextCapture();
    void grabCapture();
    void checkRunUp();
    void onFrameSwapped();

    void measurePaused();

    QPointer<QQuickWindow> m_window;
    StudioEngine* m_engine;
    std::vector<Capture> m_captures;
    std::size_t m_nextCapture = 0;
    int m_benchmarkFrames = 0;
    std::vector<qint64> m_swapTimesNs;
    QElapsedTimer m_clock;
    QElapsedTimer m_started;  // since the captures began
    QTimer m_runUp;
    QElapsedTimer m_runUpClock;
    double m_savedSpeed = 1.0;
};

}  // namespace ossynapse

#include "app/studio/studio_probe.h"

#include <sys/resource.h>
#include <QGuiApplication>
#include <QImage>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>

namespace ossynapse {
namespace {

// Long enough for the producer to apply the seek and the window to draw it twice.
constexpr int kSettleMs = 700;
// The run-up before a capture: the plot's 30 s, at the fastest speed, stopped this far short
// (8x at 60 polls a second moves 0.13 s a poll; a forward step under 1 s keeps the plot).
constexpr double kRunUpS = 30.0;
constexpr double kRunUpSpeed = 8.0;
constexpr double kRunUpMarginS = 0.6;

}  // namespace

StudioProbe::StudioProbe(QQuickWindow* window, StudioEngine* engine)
    : m_window(window), m_engine(engine) {
    m_runUp.setInterval(16);
    connect(&m_runUp, &QTimer::timeout, this, &StudioProbe::checkRunUp);
}

void StudioProbe::runCaptures(std::vector<Capture> captures) {
    m_captures = std::move(captures);
    m_nextCapture = 0;
    m_started.start();
    QTimer::singleShot(kSettleMs, this, &StudioProbe::nextCapture);
}

void StudioProbe::nextCapture() {
    if (m_window == nullptr) {
        return;
    }
    if (m_nextCapture >= m_captures.size()) {
        QGuiApplication::quit();
        return;
    }
    // Run up to the moment at 8x over the last 30 s, as a person playing it would, so the plot
    // holds its history; then pause just short of it and step onto the exact time.
    const Capture& capture = m_captures[m_nextCapture];
    if (capture.afterStart) {
        // Live: nothing to seek, the moment is wall time since the window showed.
        const qint64 due = static_cast<qint64>(capture.position * 1000.0) - m_started.elapsed();
        QTimer::singleShot(std::max<qint64>(0, due), this, &StudioProbe::grabCapture);
        return;
    }
    const double runUpFrom = std::max(0.0, capture.position - kRunUpS);
    m_savedSpeed = m_engine->speed();
    m_engine->setPlaying(false);
    m_engine->seek(runUpFrom);
    m_engine->setSpeed(kRunUpSpeed);
    m_engine->setPlaying(true);
    m_runUpClock.start();
    m_runUp.start();
}

void StudioProbe::checkRunUp() {
    const Capture& capture = m_captures[m_nextCapture];
    m_engine->poll();
    // A moment past the end of a session without loop is never reached: give up in time.
    const qint64 limitMs = static_cast<qint64>(1000.0 * kRunUpS / kRunUpSpeed) + 3000;
    if (m_engine->position() < capture.position - kRunUpMarginS &&
        m_runUpClock.elapsed() < limitMs) {
        return;
    }
    m_runUp.stop();
    m_engine->setPlaying(false);
    m_engine->setSpeed(m_savedSpeed);
    m_engine->seek(capture.position);
    QTimer::singleShot(kSettleMs, this, &StudioProbe::grabCapture);
}

void StudioProbe::grabCapture() {
    if (m_window == nullptr) {
        return;
    }
    const Capture& c = m_captures[m_nextCapture++];
    const QImage image = m_window->grabWindow();
    if (image.isNull() || !image.save(c.path)) {
        std::fprintf(stderr, "ossynapse-studio: cannot save a screenshot to %s\n",
                     c.path.toUtf8().constData());
        QCoreApplication::exit(1);
        return;
    }
    std::printf("captured %s at %s%.3f s (%dx%d)\n", c.path.toUtf8().constData(),
                c.afterStart ? "+" : "", c.position, image.width(), image.height());
    std::fflush(stdout);
    nextCapture();
}

void StudioProbe::runBenchmark(int frames) {
    m_benchmarkFrames = frames;
    m_swapTimesNs.reserve(static_cast<std::size_t>(frames) + 1);
    // Skip start-up: measure from the first frames after the scene is up.
    QTimer::singleShot(1000, this, [this] {
        m_clock.start();
        connect(m_window, &QQuickWindow::frameSwapped, this, &StudioProbe::onFrameSwapped,
                Qt::DirectConnection);
        m_window->update();
    });
}

void StudioProbe::onFrameSwapped() {
    m_swapTimesNs.push_back(m_clock.nsecsElapsed());
    if (m_swapTimesNs.size() <= static_cast<std::size_t>(m_benchmarkFrames)) {
        QMetaObject::invokeMethod(m_window, "update", Qt::QueuedConnection);
        return;
    }
    disconnect(m_window, &QQuickWindow::frameSwapped, this, &StudioProbe::onFrameSwapped);
    std::vector<double> frameMs;
    for (std::size_t i = 1; i < m_swapTimesNs.size(); ++i) {
        frameMs.push_back(static_cast<double>(m_swapTimesNs[i] - m_swapTimesNs[i - 1]) / 1e6);
    }
    const double totalS = static_cast<double>(m_swapTimesNs.back() - m_swapTimesNs.front()) / 1e9;
    std::sort(frameMs.begin(), frameMs.end());
    const double median = frameMs[frameMs.size() / 2];
    const double p99 = frameMs[std::min(frameMs.size() - 1, frameMs.size() * 99 / 100)];
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf(
        "%.1f fps over %zu frames at %dx%d, %d LEDs; frame time median %.2f ms, p99 %.2f ms; peak "
        "memory %.1f MiB\n",
        static_cast<double>(frameMs.size()) / totalS, frameMs.size(), m_window->width(),
        m_window->height(), m_engine->ledCount(), median, p99,
        static_cast<double>(usage.ru_maxrss) / 1024.0);
    std::fflush(stdout);
    measurePaused();
}

// Paused, a still studio should draw nothing and cost next to no CPU: measured over 5 s after
// a second to settle, as CPU time of the whole process (engine thread and renderer included).
void StudioProbe::measurePaused() {
    m_engine->setPlaying(false);
    QTimer::singleShot(1000, this, [this] {
        const auto cpuSeconds = [] {
            timespec now{};
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
            return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
        };
        auto drawn = std::make_shared<int>(0);
        connect(
            m_window, &QQuickWindow::frameSwapped, this, [drawn] { ++*drawn; },
            Qt::DirectConnection);
        const double cpuStart = cpuSeconds();
        QElapsedTimer wall;
        wall.start();
        QTimer::singleShot(5000, this, [this, cpuSeconds, cpuStart, wall, drawn] {
            const double seconds = static_cast<double>(wall.nsecsElapsed()) / 1e9;
            std::printf("paused: %.1f %% of a core, %d frames drawn in %.1f s\n",
                        100.0 * (cpuSeconds() - cpuStart) / seconds, *drawn, seconds);
            std::fflush(stdout);
            QMetaObject::invokeMethod(qApp, &QGuiApplication::quit, Qt::QueuedConnection);
        });
    });
}

}  // namespace ossynapse

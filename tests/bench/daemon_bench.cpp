// ossynapsed's CPU cost per received frame: 200-LED DDP frames at 120 fps for 10 s on loopback,
// the daemon's own CPU time read from /proc before and after (an idle second is subtracted).
#include <unistd.h>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QThread>
#include <QUdpSocket>
#include <cstdio>

#include "core/ddp.h"

namespace {

// utime + stime of a process, in seconds.
double cpuSeconds(qint64 pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / ticks;  // fields 14 and 15
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    constexpr int kLeds = 200;
    constexpr int kFps = 120;
    constexpr int kSeconds = 10;
    QUdpSocket probe;
    probe.bind(QHostAddress::LocalHost, 0);
    const quint16 port = probe.localPort();
    probe.close();
    QProcess daemon;
    daemon.start(QStringLiteral(OSSYNAPSED),
                 {QStringLiteral("--output"), QStringLiteral("trace:/dev/null"),
                  QStringLiteral("--leds"), QString::number(kLeds), QStringLiteral("--bind"),
                  QStringLiteral("127.0.0.1"), QStringLiteral("--ddp-port"), QString::number(port),
                  QStringLiteral("--e131-port"), QStringLiteral("0")});
    if (!daemon.waitForStarted()) {
        std::fprintf(stderr, "cannot start ossynapsed\n");
        return 1;
    }
    QThread::sleep(1);
    const double idleStart = cpuSeconds(daemon.processId());
    QThread::sleep(1);
    const double idlePerSecond = cpuSeconds(daemon.processId()) - idleStart;

    QUdpSocket socket;
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(kLeds) * 3);
    std::uint8_t sequence = 0;
    const double before = cpuSeconds(daemon.processId());
    QElapsedTimer clock;
    clock.start();
    const int frames = kFps * kSeconds;
    for (int k = 0; k < frames; ++k) {
        for (std::size_t i = 0; i < rgb.size(); ++i) {
            rgb[i] = static_cast<std::uint8_t>(k + i);
        }
        sequence = ossynapse::ddp::nextSequence(sequence);
        for (const auto& packet : ossynapse::ddp::encodeFrame(rgb, sequence)) {
            socket.writeDatagram(reinterpret_cast<const char*>(packet.data()),
                                 static_cast<qint64>(packet.size()), QHostAddress::LocalHost, port);
        }
        const qint64 due = static_cast<qint64>((k + 1) * 1e9 / kFps);
        const qint64 wait = due - clock.nsecsElapsed();
        if (wait > 0) {
            QThread::usleep(static_cast<unsigned long>(wait / 1000));
        }
    }
    QThread::msleep(200);
    const double used = cpuSeconds(daemon.processId()) - before -
                        idlePerSecond * (static_cast<double>(clock.elapsed()) / 1000.0);
    daemon.terminate();
    daemon.waitForFinished(5000);
    const QByteArray log = daemon.readAllStandardError();
    std::printf(
        "daemon: %d frames of %d LEDs at %d fps over DDP: %.1f us CPU per frame (%.2f %% of one "
        "core); %s\n",
        frames, kLeds, kFps, used / frames * 1e6,
        used / (frames / static_cast<double>(kFps)) * 100.0,
        log.trimmed().split('\n').last().constData());
    return 0;
}

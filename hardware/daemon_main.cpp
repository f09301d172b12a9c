// ossynapsed: receives LED frames over the network and drives the skull's lights.
#include <sys/socket.h>
#include <unistd.h>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QTimer>
#include <csignal>
#include <cstdio>
#include <memory>
#include <vector>

#include "core/engine.h"
#include "core/wiring.h"
#include "hardware/daemon_config.h"
#include "hardware/daemon_rig.h"
#include "hardware/frame_receiver.h"
#include "hardware/output.h"
#include "hardware/seed_update_server.h"

using namespace ossynapse::hw;

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
}

constexpr const char* kInstalledConfig = OSSYNAPSE_INSTALLED_CONFIG;

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ossynapsed"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OSSYNAPSE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Receives LED frames over DDP (UDP 4048), E1.31 (UDP 5568) and Art-Net ArtDmx (UDP 6454) "
        "and drives outputs. No frame for the timeout, a stream-terminated packet, SIGTERM or "
        "SIGINT: every output off."));
    parser.addHelpOption();
    parser.addVersionOption();
    // Defaults in --help come from the config itself, so they cannot drift from what runs.
    const DaemonConfig defaults;
    parser.addOptions({
        {QStringLiteral("config"),
         QStringLiteral("JSON config (default %1 when present).")
             .arg(QLatin1String(kInstalledConfig)),
         QStringLiteral("FILE")},
        {QStringLiteral("output"),
         QStringLiteral(
             "Output, repeatable: trace:FILE[,max_mb=N] (rotated to FILE.1 at N MiB, 1 to "
             "4096, default 64), pwm2:chip=gpiochip0,a=21,b=13,hz=800, "
             "sysfs-pwm:chip=0,a=0,b=1,hz=800, "
             "ws2812:/dev/spidev0.0."),
         QStringLiteral("SPEC")},
        {QStringLiteral("bind"),
         QStringLiteral("Address to listen on (default %1).").arg(defaults.bind),
         QStringLiteral("ADDR")},
        {QStringLiteral("ddp-port"),
         QStringLiteral("DDP port, 0 = off (default %1).").arg(defaults.ddpPort),
         QStringLiteral("PORT")},
        {QStringLiteral("e131-port"),
         QStringLiteral("E1.31 port, 0 = off (default %1).").arg(defaults.e131Port),
         QStringLiteral("PORT")},
        {QStringLiteral("universe"),
         QStringLiteral("First E1.31 universe (default %1).").arg(defaults.universe),
         QStringLiteral("N")},
        {QStringLiteral("artnet-port"),
         QStringLiteral("Art-Net port, 0 = off (default %1).").arg(defaults.artnetPort),
         QStringLiteral("PORT")},
        {QStringLiteral("artnet-universe"),
         QStringLiteral("First Art-Net port-address (0-32767: Net, Sub-Net, Universe; default %1).")
             .arg(defaults.artnetUniverse),
         QStringLiteral("N")},
        {QStringLiteral("multicast"), QStringLiteral("Join the E1.31 multicast groups too.")},
        {QStringLiteral("leds"), QStringLiteral("LEDs per frame (default %1).").arg(defaults.leds),
         QStringLiteral("N")},
        {QStringLiteral("timeout"),
         QStringLiteral("Seconds without a frame before all off (default %1).")
             .arg(defaults.timeoutS),
         QStringLiteral("S")},
        {QStringLiteral("allow"),
         QStringLiteral("Accept frames only from this address; repeatable."),
         QStringLiteral("ADDR")},
        {QStringLiteral("http-port"),
         QStringLiteral("Serve the seed's POST /update here (0 = off); the daemon then runs the "
                        "engine itself."),
         QStringLiteral("PORT")},
        {QStringLiteral("token"),
         QStringLiteral("Bearer token required on /update. Every local user sees it in ps: "
                        "prefer --token-file, OSSYNAPSED_TOKEN or a systemd credential."),
         QStringLiteral("TOKEN")},
        {QStringLiteral("token-file"),
         QStringLiteral("Read the bearer token from FILE (trailing line breaks dropped). The "
                        "token is taken from the first of: --token-file or --token, "
                        "$OSSYNAPSED_TOKEN, $CREDENTIALS_DIRECTORY/ossynapsed-token (systemd "
                        "LoadCredential=ossynapsed-token:...), the config's \"token_file\", "
                        "the config's \"token\". A file that cannot be read or is empty is "
                        "an error."),
         QStringLiteral("FILE")},
        {QStringLiteral("rig"),
         QStringLiteral("Rig file whose lobes say which LEDs hang on wire A and wire B (default: "
                        "the default skull)."),
         QStringLiteral("FILE")},
        {QStringLiteral("check-config"), QStringLiteral("Check the configuration and exit.")},
    });
    parser.process(app);

    DaemonConfig config;
    ossynapse::Rig rig;
    try {
        QString configPath = parser.value(QStringLiteral("config"));
        if (configPath.isEmpty() && QFile::exists(QLatin1String(kInstalledConfig))) {
            configPath = QLatin1String(kInstalledConfig);
        }
        if (!configPath.isEmpty()) {
            config = loadDaemonConfig(configPath);
        }
        const auto integer = [&](const QString& name, int minimum, int maximum) {
            bool ok = false;
            const int value = parser.value(name).toInt(&ok);
            if (!ok || value < minimum || value > maximum) {
                throw std::runtime_error(QStringLiteral("--%1 must be a whole number from %2 to %3")
                                             .arg(name)
                                             .arg(minimum)
                                             .arg(maximum)
                                             .toStdString());
            }
            return value;
        };
        if (parser.isSet(QStringLiteral("output")))
            config.outputs = parser.values(QStringLiteral("output"));
        if (parser.isSet(QStringLiteral("allow")))
            config.allow = parser.values(QStringLiteral("allow"));
        if (parser.isSet(QStringLiteral("bind")))
            config.bind = parser.value(QStringLiteral("bind"));
        if (parser.isSet(QStringLiteral("ddp-port")))
            config.ddpPort = static_cast<quint16>(integer(QStringLiteral("ddp-port"), 0, 65535));
        if (parser.isSet(QStringLiteral("e131-port")))
            config.e131Port = static_cast<quint16>(integer(QStringLiteral("e131-port"), 0, 65535));
        if (parser.isSet(QStringLiteral("universe")))
            config.universe = static_cast<quint16>(integer(QStringLiteral("universe"), 1, 63999));
        if (parser.isSet(QStringLiteral("artnet-port")))
            config.artnetPort =
                static_cast<quint16>(integer(QStringLiteral("artnet-port"), 0, 65535));
        if (parser.isSet(QStringLiteral("artnet-universe")))
            config.artnetUniverse =
                static_cast<quint16>(integer(QStringLiteral("artnet-universe"), 0, 32767));
        if (parser.isSet(QStringLiteral("leds")))
            config.leds = integer(QStringLiteral("leds"), 1, 100000);
        if (parser.isSet(QStringLiteral("multicast")))
            config.multicast = true;
        if (parser.isSet(QStringLiteral("http-port")))
            config.httpPort = static_cast<quint16>(integer(QStringLiteral("http-port"), 0, 65535));
        TokenOptions tokenOptions;
        if (parser.isSet(QStringLiteral("token")))
            tokenOptions.token = parser.value(QStringLiteral("token"));
        if (parser.isSet(QStringLiteral("token-file")))
            tokenOptions.tokenFile = parser.value(QStringLiteral("token-file"));
        resolveToken(config, tokenOptions, QProcessEnvironment::systemEnvironment());
        if (parser.isSet(QStringLiteral("rig")))
            config.rig = parser.value(QStringLiteral("rig"));
        if (parser.isSet(QStringLiteral("timeout"))) {
            bool ok = false;
            config.timeoutS = parser.value(QStringLiteral("timeout")).toDouble(&ok);
            if (!ok || config.timeoutS < 0.05 || config.timeoutS > 60) {
                throw std::runtime_error("--timeout must be a number of seconds from 0.05 to 60");
            }
        }
        validate(config);
        rig = loadDaemonRig(config);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "ossynapsed: error: %s\n", error.what());
        return 2;
    }
    if (config.tokenSource == QLatin1String("--token")) {
        std::fprintf(stderr,
                     "ossynapsed: warning: --token is visible to every local user (ps, "
                     "/proc/PID/cmdline); use --token-file, OSSYNAPSED_TOKEN or a systemd "
                     "credential\n");
    }
    // Where the token came from, never the token: the journal is readable by more people
    // than the token should be.
    const QString tokenNote = config.token.isEmpty()
                                  ? QStringLiteral("no token")
                                  : QStringLiteral("token from %1").arg(config.tokenSource);
    if (parser.isSet(QStringLiteral("check-config"))) {
        std::printf("ossynapsed: configuration ok: %d LEDs, rig '%s', /update %s, outputs %s\n",
                    config.leds, rig.name.c_str(), tokenNote.toUtf8().constData(),
                    config.outputs.join(QStringLiteral(", ")).toUtf8().constData());
        return 0;
    }

    std::vector<std::unique_ptr<Output>> outputs;
    FrameReceiver receiver(config);
    SeedUpdateServer seedServer(config.token);
    try {
        for (const QString& spec : config.outputs) {
            outputs.push_back(makeOutput(spec.toStdString()));
        }
        receiver.start();
        if (config.httpPort != 0) {
            seedServer.listen(QHostAddress(config.bind), config.httpPort);
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "ossynapsed: error: %s\n", error.what());
        return 1;
    }

    const ossynapse::WireLeds wires = ossynapse::wireLeds(rig);
    QElapsedTimer clock;
    clock.start();
    QElapsedTimer lastFrame;
    bool lit = false;
    const auto allOff = [&](const char* why) {
        const double now = static_cast<double>(clock.nsecsElapsed()) * 1e-9;
        for (auto& output : outputs) {
            output->allOff(now);
        }
        if (lit) {
            std::fprintf(stderr, "ossynapsed: all off (%s)\n", why);
        }
        lit = false;
    };
    QObject::connect(&receiver, &FrameReceiver::frameReady,
                     [&](const std::vector<std::uint8_t>& rgb, const QString& source) {
                         OutputFrame frame{rgb, static_cast<double>(clock.nsecsElapsed()) * 1e-9,
                                           source.toStdString(),
                                           ossynapse::wireDutiesFromLeds(rgb, wires)};
                         for (auto& output : outputs) {
                             output->apply(frame);
                         }
                         lit = true;
                         lastFrame.start();
                     });
    QObject::connect(&receiver, &FrameReceiver::released,
                     [&] { allOff("the sender ended its stream"); });

    // Standalone mode, as the seed's Pi: token rates in over /update, the engine here.
    ossynapse::Engine engine({}, rig);
    ossynapse::Frame engineFrame;
    QElapsedTimer lastUpdate;
    QTimer engineClock;
    engineClock.setTimerType(Qt::PreciseTimer);
    QObject::connect(&seedServer, &SeedUpdateServer::update,
                     [&](const ossynapse::TokenEvent& event) {
                         engine.push(event);
                         lastUpdate.start();
                         if (!engineClock.isActive()) {
                             engineClock.start(10);
                         }
                     });
    // At most a line a second, as for dropped packets: a client hammering /update with bad
    // requests must not fill the journal.
    QElapsedTimer lastRefusalReport;
    QObject::connect(&seedServer, &SeedUpdateServer::rejected, [&](const QString& why) {
        if (!lastRefusalReport.isValid() || lastRefusalReport.elapsed() > 1000) {
            std::fprintf(stderr, "ossynapsed: refused an /update (%llu so far): %s\n",
                         static_cast<unsigned long long>(seedServer.refused()),
                         why.toUtf8().constData());
            lastRefusalReport.start();
        }
    });
    QObject::connect(&engineClock, &QTimer::timeout, [&] {
        const double now = static_cast<double>(clock.nsecsElapsed()) * 1e-9;
        if (lastUpdate.elapsed() > static_cast<qint64>(config.timeoutS * 1000)) {
            engineClock.stop();
            allOff("no /update within the timeout");
            return;
        }
        engine.tick(now, engineFrame);
        // The engine's own wire duties, at the 16 bits the LED bytes cannot carry.
        const OutputFrame frame{engineFrame.rgb, now, "engine", engineFrame.wireDuty};
        for (auto& output : outputs) {
            output->apply(frame);
        }
        lit = true;
        lastFrame.start();
    });
    QElapsedTimer lastDropReport;
    QObject::connect(&receiver, &FrameReceiver::dropped, [&](const QString& why) {
        if (!lastDropReport.isValid() || lastDropReport.elapsed() > 1000) {
            std::fprintf(stderr, "ossynapsed: dropped a packet (%llu so far): %s\n",
                         static_cast<unsigned long long>(receiver.counters().dropped),
                         why.toUtf8().constData());
            lastDropReport.start();
        }
    });
    // Throttled as drops are: two senders fighting send hundreds of frames a second.
    QElapsedTimer lastHeldOffReport;
    QObject::connect(&receiver, &FrameReceiver::heldOff, [&](const QString& why) {
        if (!lastHeldOffReport.isValid() || lastHeldOffReport.elapsed() > 1000) {
            std::fprintf(stderr, "ossynapsed: ignored %s\n", why.toUtf8().constData());
            lastHeldOffReport.start();
        }
    });
    QTimer watchdog;
    QObject::connect(&watchdog, &QTimer::timeout, [&] {
        if (lit && lastFrame.isValid() &&
            lastFrame.elapsed() > static_cast<qint64>(config.timeoutS * 1000)) {
            allOff("no frame within the timeout");
        }
    });
    watchdog.start(20);

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) {
        std::perror("ossynapsed: socketpair");
        return 1;
    }
    const char* stopReason = "exit";
    QSocketNotifier signalNotifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, [&] {
        char byte = 0;
        [[maybe_unused]] const ssize_t read = ::read(g_signalPipe[0], &byte, 1);
        // Darkened once, after the loop: every way out passes there.
        stopReason = "stopping";
        QCoreApplication::quit();
    });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);

    // A listener that is off says so: "port 0" reads as one listening on some port.
    const QString ddp =
        config.ddpPort == 0
            ? QStringLiteral("DDP off")
            : QStringLiteral("DDP on %1:%2").arg(config.bind).arg(receiver.ddpPort());
    const QString e131 =
        config.e131Port == 0
            ? QStringLiteral("E1.31 off")
            : QStringLiteral("E1.31 on %1:%2 universe %3%4")
                  .arg(config.bind)
                  .arg(receiver.e131Port())
                  .arg(config.universe)
                  .arg(config.multicast ? QStringLiteral(" (and multicast)") : QString());
    const QString artnet = config.artnetPort == 0
                               ? QStringLiteral("Art-Net off")
                               : QStringLiteral("Art-Net on %1:%2 port-address %3")
                                     .arg(config.bind)
                                     .arg(receiver.artnetPort())
                                     .arg(config.artnetUniverse);
    const QString update = config.httpPort == 0
                               ? QStringLiteral("/update off")
                               : QStringLiteral("/update on port %1 (%2)")
                                     .arg(QString::number(seedServer.port()), tokenNote);
    std::fprintf(stderr, "ossynapsed %s: %d LEDs; %s, %s, %s, %s; outputs: %s\n", OSSYNAPSE_VERSION,
                 config.leds, ddp.toUtf8().constData(), e131.toUtf8().constData(),
                 artnet.toUtf8().constData(), update.toUtf8().constData(),
                 config.outputs.join(QStringLiteral(", ")).toUtf8().constData());
    const int code = QCoreApplication::exec();
    allOff(stopReason);
    outputs.clear();
    const FrameReceiver::Counters& counters = receiver.counters();
    std::fprintf(stderr,
                 "ossynapsed: %llu packets, %llu frames, %llu dropped, %llu ignored, %llu bytes "
                 "clipped, ArtPolls answered: %llu\n",
                 static_cast<unsigned long long>(counters.packets),
                 static_cast<unsigned long long>(counters.frames),
                 static_cast<unsigned long long>(counters.dropped),
                 static_cast<unsigned long long>(counters.ignored),
                 static_cast<unsigned long long>(counters.clippedBytes),
                 static_cast<unsigned long long>(counters.pollsAnswered));
    if (config.httpPort != 0) {
        std::fprintf(stderr, "ossynapsed: %llu /update requests refused\n",
                     static_cast<unsigned long long>(seedServer.refused()));
    }
    return code;
}

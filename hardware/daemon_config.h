#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace ossynapse::hw {

// The daemon's settings: a JSON file (/etc/ossynapse/ossynapsed.json when installed), then
// command-line overrides.
struct DaemonConfig {
    QString bind = QStringLiteral("0.0.0.0");
    quint16 ddpPort = 4048;   // 0 = off
    quint16 e131Port = 5568;  // 0 = off
    quint16 universe = 1;     // first E1.31 universe
    bool multicast = false;   // also join 239.255.u.u for each universe
    int leds = 156;           // LEDs per frame: sets how many universes make a frame
    double timeoutS = 1.0;    // no frame for this long: everything off
    QStringList outputs;      // "trace:FILE", "pwm2:...", "ws2812:..."
    QStringList allow;        // sender addresses; empty = anyone
    quint16 httpPort = 0;     // the seed's POST /update; 0 = off
    QString token;            // bearer token required on /update when set
    // The rig whose wiring the PWM outputs follow (core/wiring.h); empty = the default skull.
    // In a config file a relative path is taken from the file's folder.
    QString rig;
};

// Reads a JSON config; throws std::runtime_error naming the file, the field and what is wrong.
DaemonConfig loadDaemonConfig(const QString& path, DaemonConfig base = {});
// Refuses values that cannot work (no output, ports, ranges), naming the field.
void validate(const DaemonConfig& config);

}  // namespace ossynapse::hw

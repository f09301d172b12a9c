#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <optional>

namespace ossynapse::hw {

// The daemon's settings: a JSON file (/etc/ossynapse/ossynapsed.json when installed), then
// command-line overrides.
struct DaemonConfig {
    QString bind = QStringLiteral("0.0.0.0");
    quint16 ddpPort = 4048;      // 0 = off
    quint16 e131Port = 5568;     // 0 = off
    quint16 universe = 1;        // first E1.31 universe
    quint16 artnetPort = 6454;   // Art-Net (ArtDmx); 0 = off
    quint16 artnetUniverse = 0;  // first Art-Net port-address, 0..32767
    bool multicast = false;      // also join 239.255.u.u for each universe
    int leds = 156;              // LEDs per frame: sets how many universes make a frame
    double timeoutS = 1.0;       // no frame for this long: everything off
    QStringList outputs;         // "trace:FILE", "pwm2:...", "ws2812:..."
    QStringList allow;           // sender addresses; empty = anyone
    quint16 httpPort = 0;        // the seed's POST /update; 0 = off
    QString token;               // bearer token required on /update when set
    // Where `token` comes from, for the log: "--token-file /etc/ossynapse/token", "config
    // token", ... (never the token itself). Empty when no token is set.
    QString tokenSource;
    QString tokenFile;  // the config file's "token_file" (relative to the file's folder)
    // The rig whose wiring the PWM outputs follow (core/wiring.h); empty = the default skull.
    // In a config file a relative path is taken from the file's folder.
    QString rig;
};

// Reads a JSON config; throws std::runtime_error naming the file, the field and what is wrong.
DaemonConfig loadDaemonConfig(const QString& path, DaemonConfig base = {});
// The bearer token as the command line gives it: at most one of the two.
struct TokenOptions {
    std::optional<QString> token;      // --token TOKEN (visible to every local user in ps)
    std::optional<QString> tokenFile;  // --token-file FILE
};
// Sets config.token and config.tokenSource from the first of these that is given:
//   1. --token-file FILE or --token TOKEN (both at once is an error)
//   2. the environment variable OSSYNAPSED_TOKEN
//   3. $CREDENTIALS_DIRECTORY/ossynapsed-token (systemd's LoadCredential=), when the variable
//      is set and the file exists
//   4. the config file's "token_file", then its "token"
// A token file is read whole and its trailing line breaks (LF, CRLF) are dropped. Throws
// std::runtime_error naming the file or variable (never the token) when a file cannot be read,
// a token is empty, or it holds a control character (it could never match an HTTP header).
void resolveToken(DaemonConfig& config,
                  const TokenOptions& commandLine,
                  const QProcessEnvironment& environment);
// Refuses values that cannot work (no output, ports, ranges), naming the field.
void validate(const DaemonConfig& config);

}  // namespace ossynapse::hw

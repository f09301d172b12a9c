#include "hardware/daemon_config.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <stdexcept>

#include "hardware/output.h"

namespace ossynapse::hw {
namespace {

[[noreturn]] void fail(const QString& message) {
    throw std::runtime_error(message.toStdString());
}

double number(const QJsonObject& json,
              const QString& key,
              double minimum,
              double maximum,
              const QString& path) {
    const QJsonValue value = json.value(key);
    if (!value.isDouble() || value.toDouble() < minimum || value.toDouble() > maximum) {
        fail(QStringLiteral("%1: '%2' must be a number from %3 to %4")
                 .arg(path, key)
                 .arg(minimum)
                 .arg(maximum));
    }
    return value.toDouble();
}

QStringList strings(const QJsonObject& json, const QString& key, const QString& path) {
    const QJsonValue value = json.value(key);
    if (!value.isArray()) {
        fail(QStringLiteral("%1: '%2' must be a list of strings").arg(path, key));
    }
    QStringList list;
    for (const QJsonValue& item : value.toArray()) {
        if (!item.isString()) {
            fail(QStringLiteral("%1: '%2' must be a list of strings").arg(path, key));
        }
        list << item.toString();
    }
    return list;
}

const QString kTokenVariable = QStringLiteral("OSSYNAPSED_TOKEN");
// The name LoadCredential= gives the token in packaging/ossynapsed.service.in.
const QString kTokenCredential = QStringLiteral("ossynapsed-token");

// Empty, or holding a byte an HTTP header cannot carry: such a token could never be matched,
// and an empty one would turn the check off. `what` names where it came from, never the token.
void checkToken(const QString& token, const QString& what) {
    if (token.isEmpty()) {
        fail(QStringLiteral("%1: the token is empty").arg(what));
    }
    for (const QChar c : token) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7F) {
            fail(QStringLiteral("%1: the token holds a control character (a line break inside "
                                "it?); a bearer token is one line")
                     .arg(what));
        }
    }
}

// The token in `path`, its trailing line breaks dropped (an editor or `echo` adds one).
QString readToken(const QString& path, const QString& what) {
    // QFile opens a folder without complaint; reading it then gives nothing.
    if (QFileInfo(path).isDir()) {
        fail(QStringLiteral("%1: cannot read the token file (it is a folder)").arg(what));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(QStringLiteral("%1: cannot read the token file (%2)").arg(what, file.errorString()));
    }
    // A token is a line; more than this is not a token file (and must not be held in memory).
    constexpr qint64 kMaxTokenBytes = 4096;
    QByteArray bytes = file.read(kMaxTokenBytes + 1);
    if (bytes.size() > kMaxTokenBytes) {
        fail(QStringLiteral("%1: the token file is over %2 bytes").arg(what).arg(kMaxTokenBytes));
    }
    while (bytes.endsWith('\n') || bytes.endsWith('\r')) {
        bytes.chop(1);
    }
    const QString token = QString::fromUtf8(bytes);
    checkToken(token, what);
    return token;
}

}  // namespace

DaemonConfig loadDaemonConfig(const QString& path, DaemonConfig config) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(QStringLiteral("%1: cannot open (%2)").arg(path, file.errorString()));
    }
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        fail(QStringLiteral("%1: bad JSON at byte %2: %3")
                 .arg(path)
                 .arg(error.offset)
                 .arg(error.errorString()));
    }
    const QJsonObject json = document.object();
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("bind")) {
            config.bind = it.value().toString();
        } else if (key == QLatin1String("ddp_port")) {
            config.ddpPort = static_cast<quint16>(number(json, key, 0, 65535, path));
        } else if (key == QLatin1String("e131_port")) {
            config.e131Port = static_cast<quint16>(number(json, key, 0, 65535, path));
        } else if (key == QLatin1String("e131_universe")) {
            config.universe = static_cast<quint16>(number(json, key, 1, 63999, path));
        } else if (key == QLatin1String("artnet_port")) {
            config.artnetPort = static_cast<quint16>(number(json, key, 0, 65535, path));
        } else if (key == QLatin1String("artnet_universe")) {
            config.artnetUniverse = static_cast<quint16>(number(json, key, 0, 32767, path));
        } else if (key == QLatin1String("e131_multicast")) {
            config.multicast = it.value().toBool();
        } else if (key == QLatin1String("leds")) {
            config.leds = static_cast<int>(number(json, key, 1, 100000, path));
        } else if (key == QLatin1String("timeout_s")) {
            config.timeoutS = number(json, key, 0.05, 60, path);
        } else if (key == QLatin1String("outputs")) {
            config.outputs = strings(json, key, path);
        } else if (key == QLatin1String("allow")) {
            config.allow = strings(json, key, path);
        } else if (key == QLatin1String("http_port")) {
            config.httpPort = static_cast<quint16>(number(json, key, 0, 65535, path));
        } else if (key == QLatin1String("token")) {
            if (!it.value().isString() || it.value().toString().isEmpty()) {
                fail(QStringLiteral("%1: 'token' must be a non-empty string").arg(path));
            }
            config.token = it.value().toString();
            config.tokenSource = QStringLiteral("%1 'token'").arg(path);
        } else if (key == QLatin1String("token_file")) {
            if (!it.value().isString() || it.value().toString().isEmpty()) {
                fail(QStringLiteral("%1: 'token_file' must be the path of a file").arg(path));
            }
            config.tokenFile = QFileInfo(path).dir().filePath(it.value().toString());
        } else if (key == QLatin1String("rig")) {
            if (!it.value().isString() || it.value().toString().isEmpty()) {
                fail(QStringLiteral("%1: 'rig' must be the path of a rig file").arg(path));
            }
            config.rig = QFileInfo(path).dir().filePath(it.value().toString());
        } else {
            fail(QStringLiteral("%1: unknown field '%2'").arg(path, key));
        }
    }
    if (json.contains(QLatin1String("token")) && json.contains(QLatin1String("token_file"))) {
        fail(QStringLiteral("%1: give 'token' or 'token_file', not both").arg(path));
    }
    return config;
}

void resolveToken(DaemonConfig& config,
                  const TokenOptions& commandLine,
                  const QProcessEnvironment& environment) {
    if (commandLine.token && commandLine.tokenFile) {
        fail(QStringLiteral("give --token or --token-file, not both"));
    }
    const QString credentials = environment.value(QStringLiteral("CREDENTIALS_DIRECTORY"));
    const QString credential =
        credentials.isEmpty() ? QString() : QDir(credentials).filePath(kTokenCredential);
    if (commandLine.tokenFile) {
        config.token = readToken(*commandLine.tokenFile,
                                 QStringLiteral("--token-file %1").arg(*commandLine.tokenFile));
        config.tokenSource = QStringLiteral("--token-file %1").arg(*commandLine.tokenFile);
    } else if (commandLine.token) {
        checkToken(*commandLine.token, QStringLiteral("--token"));
        config.token = *commandLine.token;
        config.tokenSource = QStringLiteral("--token");
    } else if (environment.contains(kTokenVariable)) {
        config.token = environment.value(kTokenVariable);
        checkToken(config.token, kTokenVariable);
        config.tokenSource = kTokenVariable;
    } else if (!credential.isEmpty() && QFileInfo::exists(credential)) {
        const QString source = QStringLiteral("systemd credential %1").arg(credential);
        config.token = readToken(credential, source);
        config.tokenSource = source;
    } else if (!config.tokenFile.isEmpty()) {
        const QString source = QStringLiteral("token_file %1").arg(config.tokenFile);
        config.token = readToken(config.tokenFile, source);
        config.tokenSource = source;
    }
    // Otherwise the config file's "token" (already in config, with its source), or none.
}

void validate(const DaemonConfig& config) {
    if (config.outputs.isEmpty()) {
        fail(
            QStringLiteral("no output: give at least one --output (trace:FILE, pwm2:..., "
                           "sysfs-pwm:..., ws2812:...)"));
    }
    // Here, not only when the outputs are opened: --check-config refuses a bad option too.
    for (const QString& spec : config.outputs) {
        checkOutputSpec(spec.toStdString());
    }
    if (QHostAddress(config.bind).isNull()) {
        fail(QStringLiteral("bind address '%1' is not an IP address").arg(config.bind));
    }
    for (const QString& address : config.allow) {
        if (QHostAddress(address).isNull()) {
            fail(QStringLiteral("allow-list entry '%1' is not an IP address").arg(address));
        }
    }
    if (config.ddpPort == 0 && config.e131Port == 0 && config.artnetPort == 0 &&
        config.httpPort == 0) {
        fail(QStringLiteral(
            "DDP, E1.31, Art-Net and /update are all off: nothing would be received"));
    }
}

}  // namespace ossynapse::hw

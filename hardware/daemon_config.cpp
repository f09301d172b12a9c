#include "hardware/daemon_config.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <stdexcept>

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
            config.token = it.value().toString();
        } else if (key == QLatin1String("rig")) {
            if (!it.value().isString() || it.value().toString().isEmpty()) {
                fail(QStringLiteral("%1: 'rig' must be the path of a rig file").arg(path));
            }
            config.rig = QFileInfo(path).dir().filePath(it.value().toString());
        } else {
            fail(QStringLiteral("%1: unknown field '%2'").arg(path, key));
        }
    }
    return config;
}

void validate(const DaemonConfig& config) {
    if (config.outputs.isEmpty()) {
        fail(
            QStringLiteral("no output: give at least one --output (trace:FILE, pwm2:..., "
                           "sysfs-pwm:..., ws2812:...)"));
    }
    if (QHostAddress(config.bind).isNull()) {
        fail(QStringLiteral("bind address '%1' is not an IP address").arg(config.bind));
    }
    for (const QString& address : config.allow) {
        if (QHostAddress(address).isNull()) {
            fail(QStringLiteral("allow-list entry '%1' is not an IP address").arg(address));
        }
    }
    if (config.ddpPort == 0 && config.e131Port == 0 && config.httpPort == 0) {
        fail(QStringLiteral("DDP, E1.31 and /update are all off: nothing would be received"));
    }
}

}  // namespace ossynapse::hw

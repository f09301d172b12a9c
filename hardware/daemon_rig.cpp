#include "hardware/daemon_rig.h"

#include <QFile>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/error.h"
#include "core/json_text.h"

namespace ossynapse::hw {
namespace {

bool drivesWires(const DaemonConfig& config) {
    for (const QString& output : config.outputs) {
        if (output.startsWith(QLatin1String("pwm2")) ||
            output.startsWith(QLatin1String("sysfs-pwm"))) {
            return true;
        }
    }
    return false;
}

}  // namespace

Rig loadDaemonRig(const DaemonConfig& config) {
    Rig rig = Rig::defaultSkull();
    QString from = QStringLiteral("the default skull");
    if (!config.rig.isEmpty()) {
        QFile file(config.rig);
        if (!file.open(QIODevice::ReadOnly)) {
            throw std::runtime_error(QStringLiteral("rig %1: cannot open (%2)")
                                         .arg(config.rig, file.errorString())
                                         .toStdString());
        }
        const QByteArray bytes = file.readAll();
        try {
            rig = Rig::fromJson(parseJsonText(
                std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()))));
        } catch (const nlohmann::json::exception& error) {
            throw std::runtime_error("rig " + config.rig.toStdString() +
                                     ": not JSON: " + error.what());
        } catch (const InputError& error) {
            throw std::runtime_error("rig " + config.rig.toStdString() + ": " + error.what());
        }
        from = QStringLiteral("rig %1").arg(config.rig);
    }
    if (drivesWires(config) && static_cast<int>(rig.ledCount()) != config.leds) {
        throw std::runtime_error(
            QStringLiteral("%1 has %2 LEDs but frames have %3 (leds): the PWM wires follow the "
                           "rig's lobes, so give the rig of this strip with --rig FILE")
                .arg(from)
                .arg(rig.ledCount())
                .arg(config.leds)
                .toStdString());
    }
    return rig;
}

}  // namespace ossynapse::hw

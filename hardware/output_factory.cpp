#include <map>
#include <sstream>
#include <stdexcept>

#include "hardware/gpio_line.h"
#include "hardware/output.h"
#include "hardware/pwm2_output.h"
#include "hardware/sysfs_pwm_output.h"
#include "hardware/trace_output.h"
#include "hardware/ws2812_output.h"

namespace ossynapse::hw {
namespace {

// "a=21,b=13,hz=800" -> {a: 21, b: 13, hz: 800}
std::map<std::string, std::string> options(const std::string& text) {
    std::map<std::string, std::string> result;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        if (item.empty()) {
            continue;
        }
        const std::size_t equals = item.find('=');
        if (equals == std::string::npos) {
            throw std::runtime_error("output option '" + item + "' must look like name=value");
        }
        result[item.substr(0, equals)] = item.substr(equals + 1);
    }
    return result;
}

double number(const std::string& kind,
              const std::map<std::string, std::string>& values,
              const std::string& key,
              double fallback,
              double minimum,
              double maximum) {
    const auto it = values.find(key);
    if (it == values.end()) {
        return fallback;
    }
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(it->second, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != it->second.size() || value < minimum || value > maximum) {
        throw std::runtime_error(kind + " option " + key + "=" + it->second +
                                 " must be a number from " +
                                 std::to_string(static_cast<long>(minimum)) + " to " +
                                 std::to_string(static_cast<long>(maximum)));
    }
    return value;
}

// Reads `spec` whole, refusing what is wrong in it, and builds the output only when `open`
// is set: --check-config refuses a bad option without opening any device.
std::unique_ptr<Output> buildOutput(const std::string& spec, bool open) {
    const std::size_t colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    const std::string rest = colon == std::string::npos ? std::string() : spec.substr(colon + 1);
    if (kind == "trace") {
        // trace:FILE[,max_mb=N]: the first comma ends the file name.
        const std::size_t comma = rest.find(',');
        const std::string path = rest.substr(0, comma);
        if (path.empty()) {
            throw std::runtime_error("trace output needs a file: trace:FILE[,max_mb=N]");
        }
        const auto values =
            options(comma == std::string::npos ? std::string() : rest.substr(comma + 1));
        for (const auto& [key, value] : values) {
            if (key != "max_mb") {
                throw std::runtime_error("unknown trace option '" + key + "' (max_mb)");
            }
        }
        const double maxMb = number(kind, values, "max_mb", 64, 1, 4096);
        if (maxMb != static_cast<double>(static_cast<std::uint64_t>(maxMb))) {
            throw std::runtime_error("trace option max_mb=" + values.at("max_mb") +
                                     " must be a whole number from 1 to 4096");
        }
        if (!open) {
            return nullptr;
        }
        return std::make_unique<TraceOutput>(path, static_cast<std::uint64_t>(maxMb) << 20);
    }
    if (kind == "ws2812") {
        if (!open) {
            return nullptr;
        }
        return std::make_unique<Ws2812Output>(rest.empty() ? "/dev/spidev0.0" : rest);
    }
    if (kind == "sysfs-pwm") {
        const auto values = options(rest);
        for (const auto& [key, value] : values) {
            if (key != "chip" && key != "a" && key != "b" && key != "hz" && key != "root") {
                throw std::runtime_error("unknown sysfs-pwm option '" + key + "' (chip, a, b, hz)");
            }
        }
        const std::string root = values.count("root") != 0 ? values.at("root") : "/sys/class/pwm";
        const auto chipNumber = static_cast<int>(number(kind, values, "chip", 0, 0, 63));
        const auto pwmA = static_cast<int>(number(kind, values, "a", 0, 0, 63));
        const auto pwmB = static_cast<int>(number(kind, values, "b", 1, 0, 63));
        const double pwmHz = number(kind, values, "hz", 800, 10, 200000);
        if (pwmA == pwmB) {
            throw std::runtime_error("sysfs-pwm: wires A and B are both on channel " +
                                     std::to_string(pwmA) + "; give each its own (a=0,b=1)");
        }
        if (!open) {
            return nullptr;
        }
        return std::make_unique<SysfsPwmOutput>(root, chipNumber, pwmA, pwmB, pwmHz);
    }
    if (kind == "pwm2") {
        const auto values = options(rest);
        for (const auto& [key, value] : values) {
            if (key != "chip" && key != "a" && key != "b" && key != "hz") {
                throw std::runtime_error("unknown pwm2 option '" + key + "' (chip, a, b, hz)");
            }
        }
        const std::string chip = values.count("chip") != 0 ? values.at("chip") : "gpiochip0";
        // BOARD pin 40 is BCM 21 (wire A), BOARD pin 33 is BCM 13 (wire B).
        const auto a = static_cast<unsigned>(number(kind, values, "a", 21, 0, 511));
        const auto b = static_cast<unsigned>(number(kind, values, "b", 13, 0, 511));
        const double hz = number(kind, values, "hz", 800, 10, 20000);
        if (a == b) {
            throw std::runtime_error("pwm2: wires A and B are both on line " + std::to_string(a) +
                                     "; give each its own (a=21,b=13)");
        }
        if (!open) {
            return nullptr;
        }
        return std::make_unique<Pwm2Output>(openGpioLine(chip, a, "ossynapsed A"),
                                            openGpioLine(chip, b, "ossynapsed B"), hz);
    }
    throw std::runtime_error("unknown output '" + spec +
                             "' (trace:FILE, pwm2:a=21,b=13,hz=800, sysfs-pwm:chip=0,a=0,b=1, "
                             "ws2812:/dev/spidev0.0)");
}

}  // namespace

std::unique_ptr<Output> makeOutput(const std::string& spec) {
    return buildOutput(spec, true);
}

void checkOutputSpec(const std::string& spec) {
    buildOutput(spec, false);
}

}  // namespace ossynapse::hw

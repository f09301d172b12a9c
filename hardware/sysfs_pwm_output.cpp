#include "hardware/sysfs_pwm_output.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace ossynapse::hw {
namespace {

void writeFile(const std::string& path, const std::string& value) {
    std::ofstream file(path);
    file << value;
    file.flush();
    if (!file) {
        throw std::runtime_error("sysfs-pwm output: cannot write " + path);
    }
}

}  // namespace

SysfsPwmOutput::SysfsPwmOutput(std::string root, int chip, int channelA, int channelB, double hz)
    : m_chipPath(std::move(root) + "/pwmchip" + std::to_string(chip)),
      m_channels{channelA, channelB},
      m_periodNs(static_cast<long>(std::llround(1e9 / hz))) {
    if (!std::filesystem::exists(m_chipPath)) {
        throw std::runtime_error("sysfs-pwm output: no PWM chip at " + m_chipPath +
                                 " (enable it with dtoverlay=pwm-2chan on a Pi)");
    }
    for (int channel : m_channels) {
        if (!std::filesystem::exists(channelPath(channel))) {
            writeFile(m_chipPath + "/export", std::to_string(channel));
        }
        writeFile(channelPath(channel) + "/enable", "0");
        writeFile(channelPath(channel) + "/duty_cycle", "0");
        writeFile(channelPath(channel) + "/period", std::to_string(m_periodNs));
    }
}

SysfsPwmOutput::~SysfsPwmOutput() {
    try {
        allOff(0.0);
    } catch (const std::exception&) {
        // The kernel keeps the last state; nothing more can be done on the way out.
    }
}

std::string SysfsPwmOutput::channelPath(int channel) const {
    return m_chipPath + "/pwm" + std::to_string(channel);
}

void SysfsPwmOutput::setDuty(int wire, double duty) {
    const std::string path = channelPath(m_channels[wire]);
    if (duty <= 0.0) {
        if (m_enabled[wire]) {
            writeFile(path + "/enable", "0");
            m_enabled[wire] = false;
        }
        writeFile(path + "/duty_cycle", "0");
        return;
    }
    writeFile(path + "/duty_cycle",
              std::to_string(pwmTiming(duty, 1e9 / static_cast<double>(m_periodNs)).highNs));
    if (!m_enabled[wire]) {
        writeFile(path + "/enable", "1");
        m_enabled[wire] = true;
    }
}

void SysfsPwmOutput::apply(const OutputFrame& frame) {
    setDuty(0, frame.wireDuty[0] / 65535.0);
    setDuty(1, frame.wireDuty[1] / 65535.0);
}

void SysfsPwmOutput::allOff(double /*t*/) {
    setDuty(0, 0.0);
    setDuty(1, 0.0);
}

}  // namespace ossynapse::hw

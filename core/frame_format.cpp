#include "core/frame_format.h"

#include <cstdio>

namespace ossynapse {
namespace {

std::string fixed6(double value) {
    char buffer[48];
    const int n = std::snprintf(buffer, sizeof buffer, "%.6f", value);
    return std::string(buffer, static_cast<std::size_t>(n));
}

std::string channelJson(const ChannelReading& c) {
    return "{\"rate\":" + fixed6(c.rate) + ",\"smoothed\":" + fixed6(c.smoothedRate) +
           ",\"level\":" + fixed6(c.level) + ",\"pattern\":\"" +
           std::string(patternName(c.pattern)) + "\",\"duty\":" + fixed6(c.duty) + "}";
}

std::string channelCsv(const ChannelReading& c) {
    return fixed6(c.rate) + "," + fixed6(c.smoothedRate) + "," + fixed6(c.level) + "," +
           std::string(patternName(c.pattern)) + "," + fixed6(c.duty);
}

}  // namespace

std::string ledsToHex(const Frame& frame) {
    constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(frame.rgb.size() * 2);
    for (std::uint8_t byte : frame.rgb) {
        hex += kDigits[byte >> 4];
        hex += kDigits[byte & 0xF];
    }
    return hex;
}

std::string frameToJsonLine(const Frame& frame) {
    return "{\"t\":" + fixed6(frame.t) +
           ",\"reasoning\":" + channelJson(frame.channel(Channel::Reasoning)) +
           ",\"completion\":" + channelJson(frame.channel(Channel::Completion)) +
           ",\"burst_accent\":" + fixed6(frame.burstAccent) +
           ",\"duty_a\":" + std::to_string(frame.wireDuty[0]) +
           ",\"duty_b\":" + std::to_string(frame.wireDuty[1]) + ",\"leds\":\"" + ledsToHex(frame) +
           "\"}\n";
}

std::string frameCsvHeader() {
    std::string header = "t";
    for (Channel c : kChannels) {
        const std::string name(channelName(c));
        header += "," + name + "_rate," + name + "_smoothed," + name + "_level," + name +
                  "_pattern," + name + "_duty";
    }
    return header + ",burst_accent,duty_a,duty_b,leds\n";
}

std::string frameToCsvLine(const Frame& frame) {
    return fixed6(frame.t) + "," + channelCsv(frame.channel(Channel::Reasoning)) + "," +
           channelCsv(frame.channel(Channel::Completion)) + "," + fixed6(frame.burstAccent) + "," +
           std::to_string(frame.wireDuty[0]) + "," + std::to_string(frame.wireDuty[1]) + "," +
           ledsToHex(frame) + "\n";
}

}  // namespace ossynapse

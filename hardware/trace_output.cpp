#include "hardware/trace_output.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ossynapse::hw {

TraceOutput::TraceOutput(const std::string& path)
    : m_path(path), m_file(std::fopen(path.c_str(), "wb")) {
    if (m_file == nullptr) {
        throw std::runtime_error("trace output: cannot create " + path + ": " +
                                 std::strerror(errno));
    }
}

TraceOutput::~TraceOutput() {
    if (m_file != nullptr) {
        std::fclose(m_file);
    }
}

void TraceOutput::apply(const OutputFrame& frame) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string line;
    line.reserve(64 + frame.rgb.size() * 2);
    char head[96];
    std::snprintf(head, sizeof head, "{\"t\":%.6f,\"source\":\"%s\",\"leds\":\"", frame.t,
                  frame.source.c_str());
    line += head;
    for (std::uint8_t byte : frame.rgb) {
        line += kDigits[byte >> 4];
        line += kDigits[byte & 0xF];
    }
    std::snprintf(head, sizeof head, "\",\"duty_a\":%u,\"duty_b\":%u}\n",
                  static_cast<unsigned>(frame.wireDuty[0]),
                  static_cast<unsigned>(frame.wireDuty[1]));
    line += head;
    std::fwrite(line.data(), 1, line.size(), m_file);
    std::fflush(m_file);
    m_lastT = frame.t;
}

void TraceOutput::allOff() {
    std::fprintf(m_file, "{\"t\":%.6f,\"off\":true}\n", m_lastT);
    std::fflush(m_file);
}

}  // namespace ossynapse::hw

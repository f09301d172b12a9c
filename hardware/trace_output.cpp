#include "hardware/trace_output.h"

#include <sys/stat.h>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ossynapse::hw {

TraceOutput::TraceOutput(const std::string& path, std::uint64_t maxBytes)
    : m_path(path), m_maxBytes(maxBytes), m_file(std::fopen(path.c_str(), "wb")) {
    if (m_file == nullptr) {
        throw std::runtime_error("trace output: cannot create " + path + ": " +
                                 std::strerror(errno));
    }
    // Only a regular file is rotated: renaming /dev/null or a FIFO a reader holds open would
    // be wrong (and, as root, harmful), and neither fills a disk.
    struct stat status {};
    m_regular = ::fstat(::fileno(m_file), &status) == 0 && S_ISREG(status.st_mode);
    if (m_regular) {
        std::remove((path + ".1").c_str());
    }
}

TraceOutput::~TraceOutput() {
    if (m_file != nullptr) {
        std::fclose(m_file);
    }
}

void TraceOutput::rotate() {
    std::fclose(m_file);
    const std::string older = m_path + ".1";
    // rename() replaces FILE.1 in one step: a reader sees the old one or the new one.
    if (std::rename(m_path.c_str(), older.c_str()) != 0) {
        // Starting FILE again keeps the bound, which matters more than the frames lost.
        std::fprintf(stderr, "ossynapsed: trace: cannot rename %s to %s (%s): starting %s again\n",
                     m_path.c_str(), older.c_str(), std::strerror(errno), m_path.c_str());
    }
    m_file = std::fopen(m_path.c_str(), "wb");
    m_written = 0;
    if (m_file == nullptr) {
        std::fprintf(stderr, "ossynapsed: trace: cannot create %s (%s): no more trace\n",
                     m_path.c_str(), std::strerror(errno));
    }
}

void TraceOutput::write(const std::string& line) {
    if (m_regular && m_file != nullptr && m_written > 0 && m_written + line.size() > m_maxBytes) {
        rotate();
    }
    if (m_file == nullptr) {
        return;
    }
    std::fwrite(line.data(), 1, line.size(), m_file);
    std::fflush(m_file);
    m_written += line.size();
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
    write(line);
}

void TraceOutput::allOff(double t) {
    // The wires' duties too, so a reader of duty_a/duty_b finds them on every line.
    char line[96];
    std::snprintf(line, sizeof line, "{\"t\":%.6f,\"off\":true,\"duty_a\":0,\"duty_b\":0}\n", t);
    write(line);
}

}  // namespace ossynapse::hw

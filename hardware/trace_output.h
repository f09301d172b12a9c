#pragma once

#include <cstdint>
#include <cstdio>

#include "hardware/output.h"

namespace ossynapse::hw {

// Every applied frame, with its time, as JSON Lines: for tests and debugging. Each line is
// flushed, so the file is complete up to the last frame even if the daemon is killed.
//   {"t":1.234567,"source":"ddp","leds":"ff0000..."}   and   {"t":...,"off":true}
// Bounded: before a line would take FILE past `maxBytes`, FILE is renamed to FILE.1 (replacing
// the older one) and a new FILE started, so at most 2 * maxBytes are on disk (a line longer
// than maxBytes still gets a file of its own). Lines are never split across the two files.
// Only a regular file is rotated (trace:/dev/null or a FIFO is written as it is).
class TraceOutput : public Output {
  public:
    static constexpr std::uint64_t kDefaultMaxBytes = 64ull << 20;  // 64 MiB

    // Creates FILE (truncating it) and removes a FILE.1 left by an earlier run, whose
    // continuation that truncation lost. Throws std::runtime_error naming the file.
    explicit TraceOutput(const std::string& path, std::uint64_t maxBytes = kDefaultMaxBytes);
    ~TraceOutput() override;
    std::string name() const override { return "trace:" + m_path; }
    void apply(const OutputFrame& frame) override;
    void allOff(double t) override;

  private:
    void write(const std::string& line);
    void rotate();

    std::string m_path;
    std::uint64_t m_maxBytes;
    std::uint64_t m_written = 0;  // bytes in the current FILE
    bool m_regular = false;       // FILE is a regular file, so rotating it is meant
    std::FILE* m_file = nullptr;  // null only when a rotation could not reopen FILE
};

}  // namespace ossynapse::hw

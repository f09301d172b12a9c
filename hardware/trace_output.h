#pragma once

#include <cstdio>

#include "hardware/output.h"

namespace ossynapse::hw {

// Every applied frame, with its time, as JSON Lines: for tests and debugging. Each line is
// flushed, so the file is complete up to the last frame even if the daemon is killed.
//   {"t":1.234567,"source":"ddp","leds":"ff0000..."}   and   {"t":...,"off":true}
class TraceOutput : public Output {
  public:
    explicit TraceOutput(const std::string& path);
    ~TraceOutput() override;
    std::string name() const override { return "trace:" + m_path; }
    void apply(const OutputFrame& frame) override;
    void allOff() override;

  private:
    std::string m_path;
    std::FILE* m_file = nullptr;
    double m_lastT = 0.0;
};

}  // namespace ossynapse::hw

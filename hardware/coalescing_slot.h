#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "hardware/output.h"

namespace ossynapse::hw {

// Hands frames to a slow writer on its own thread: a newer frame replaces one not yet written,
// so a slow device never builds a backlog and never holds up the receiver.
class CoalescingSlot {
  public:
    using Writer = std::function<void(const OutputFrame&)>;
    explicit CoalescingSlot(Writer writer);
    ~CoalescingSlot();

    void offer(const OutputFrame& frame);
    // Waits until everything offered so far has been written.
    void drain();
    std::size_t replaced() const;

  private:
    void run();

    Writer m_writer;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::optional<OutputFrame> m_pending;
    bool m_writing = false;
    bool m_stop = false;
    std::size_t m_replaced = 0;
    std::thread m_thread;
};

}  // namespace ossynapse::hw

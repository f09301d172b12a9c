#include "hardware/coalescing_slot.h"

namespace ossynapse::hw {

CoalescingSlot::CoalescingSlot(Writer writer)
    : m_writer(std::move(writer)), m_thread([this] { run(); }) {}

CoalescingSlot::~CoalescingSlot() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void CoalescingSlot::offer(const OutputFrame& frame) {
    {
        std::lock_guard lock(m_mutex);
        if (m_pending) {
            ++m_replaced;
        }
        m_pending = frame;
    }
    m_changed.notify_all();
}

void CoalescingSlot::drain() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_pending && !m_writing; });
}

std::size_t CoalescingSlot::replaced() const {
    std::lock_guard lock(m_mutex);
    return m_replaced;
}

void CoalescingSlot::run() {
    std::unique_lock lock(m_mutex);
    while (true) {
        m_changed.wait(lock, [this] { return m_stop || m_pending; });
        if (m_stop) {
            return;
        }
        OutputFrame frame = std::move(*m_pending);
        m_pending.reset();
        m_writing = true;
        lock.unlock();
        m_writer(frame);
        lock.lock();
        m_writing = false;
        m_changed.notify_all();
    }
}

}  // namespace ossynapse::hw

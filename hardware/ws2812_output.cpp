#include "hardware/ws2812_output.h"

#include <fcntl.h>
#include <linux/spi/spidev.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "core/ws2812.h"

namespace ossynapse::hw {

Ws2812Output::Ws2812Output(const std::string& device)
    : m_device(device), m_slot([this](const OutputFrame& frame) { write(frame); }) {
    m_fd = ::open(device.c_str(), O_RDWR | O_CLOEXEC);
    if (m_fd < 0) {
        throw std::runtime_error("ws2812 output: cannot open " + device + ": " +
                                 std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(m_fd, &info) == 0 && !S_ISCHR(info.st_mode)) {
        return;  // a plain file or FIFO stands in for the bus and receives the raw SPI bytes
    }
    std::uint8_t mode = SPI_MODE_0;
    std::uint32_t speed = ws2812::kSpiHz;
    std::uint8_t bits = 8;
    if (::ioctl(m_fd, SPI_IOC_WR_MODE, &mode) < 0 ||
        ::ioctl(m_fd, SPI_IOC_WR_MAX_SPEED_HZ, &speed) < 0 ||
        ::ioctl(m_fd, SPI_IOC_WR_BITS_PER_WORD, &bits) < 0) {
        const std::string why = std::strerror(errno);
        ::close(m_fd);
        throw std::runtime_error("ws2812 output: " + device +
                                 " is not an SPI device we can set up: " + why);
    }
}

Ws2812Output::~Ws2812Output() {
    m_slot.drain();
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void Ws2812Output::apply(const OutputFrame& frame) {
    m_leds = frame.rgb.size() / 3;
    m_slot.offer(frame);
}

void Ws2812Output::allOff(double /*t*/) {
    OutputFrame dark;
    dark.rgb.assign(m_leds * 3, 0);
    m_slot.offer(dark);
    m_slot.drain();
}

void Ws2812Output::write(const OutputFrame& frame) {
    const std::vector<std::uint8_t> bits = ws2812::encode(frame.rgb);
    // A failed write leaves the strip as it was; the next frame tries again.
    [[maybe_unused]] const ssize_t written = ::write(m_fd, bits.data(), bits.size());
}

}  // namespace ossynapse::hw

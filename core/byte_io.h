#pragma once

#include <bit>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

// Little-endian reading and writing for the binary codecs. The reader never reads past its
// span: a short read sets `failed` and returns zeros, so a decoder checks once at the end.
namespace ossynapse {

class ByteWriter {
  public:
    std::vector<std::uint8_t> bytes;

    void u8(std::uint8_t value) { bytes.push_back(value); }
    void u16(std::uint16_t value) { put(value, 2); }
    void u32(std::uint32_t value) { put(value, 4); }
    void u64(std::uint64_t value) { put(value, 8); }
    void f32(float value) { u32(std::bit_cast<std::uint32_t>(value)); }
    void f64(double value) { u64(std::bit_cast<std::uint64_t>(value)); }
    void raw(std::span<const std::uint8_t> data) {
        bytes.insert(bytes.end(), data.begin(), data.end());
    }

  private:
    void put(std::uint64_t value, int count) {
        for (int i = 0; i < count; ++i) {
            bytes.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
        }
    }
};

class ByteReader {
  public:
    explicit ByteReader(std::span<const std::uint8_t> data) : m_data(data) {}

    bool failed = false;

    std::size_t remaining() const { return m_data.size() - m_offset; }
    std::uint8_t u8() { return static_cast<std::uint8_t>(get(1)); }
    std::uint16_t u16() { return static_cast<std::uint16_t>(get(2)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(get(4)); }
    std::uint64_t u64() { return get(8); }
    float f32() { return std::bit_cast<float>(u32()); }
    double f64() { return std::bit_cast<double>(u64()); }
    std::string text(std::size_t count) {
        if (count > remaining()) {
            failed = true;
            m_offset = m_data.size();
            return {};
        }
        std::string value(reinterpret_cast<const char*>(m_data.data() + m_offset), count);
        m_offset += count;
        return value;
    }
    void skip(std::size_t count) {
        if (count > remaining()) {
            failed = true;
            m_offset = m_data.size();
        } else {
            m_offset += count;
        }
    }

  private:
    std::uint64_t get(int count) {
        if (static_cast<std::size_t>(count) > remaining()) {
            failed = true;
            m_offset = m_data.size();
            return 0;
        }
        std::uint64_t value = 0;
        for (int i = 0; i < count; ++i) {
            value |= static_cast<std::uint64_t>(m_data[m_offset + static_cast<std::size_t>(i)])
                     << (8 * i);
        }
        m_offset += static_cast<std::size_t>(count);
        return value;
    }

    std::span<const std::uint8_t> m_data;
    std::size_t m_offset = 0;
};

}  // namespace ossynapse

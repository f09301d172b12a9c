#include "core/spike_encoding.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/name_table.h"

namespace ossynapse {
namespace {

constexpr std::array<std::string_view, 3> kSchemeNames = {"binary", "ternary", "bitwise"};

}  // namespace

std::string_view spikeSchemeName(SpikeScheme scheme) {
    return nameOf(kSchemeNames, scheme);
}

std::optional<SpikeScheme> spikeSchemeFromName(std::string_view name) {
    return valueNamed<SpikeScheme>(kSchemeNames, name);
}

SpikeEncoder::SpikeEncoder(SpikeSettings settings) : m_settings(settings) {
    m_settings.bits = std::clamp(m_settings.bits, 1, 16);
}

void SpikeEncoder::reset() {
    m_bit = 0;
    m_latched = 0;
}

std::int8_t SpikeEncoder::step(float value) {
    // NaN (a statistic that does not apply) never fires; in bitwise it quantises to zero.
    const bool missing = std::isnan(value);
    const float v = missing ? 0.0f : value;
    switch (m_settings.scheme) {
        case SpikeScheme::Binary:
            return !missing && v > m_settings.threshold ? 1 : 0;
        case SpikeScheme::Ternary:
            if (missing) {
                return 0;
            }
            return v > m_settings.threshold ? 1 : (v < -m_settings.threshold ? -1 : 0);
        case SpikeScheme::Bitwise:
            break;
    }
    const int bits = m_settings.bits;
    if (m_bit == 0) {
        const float full = m_settings.full > 0.0f ? m_settings.full : 1.0f;
        const float unit = std::clamp(v / full, 0.0f, 1.0f);
        const auto top = static_cast<float>((1u << bits) - 1u);
        m_latched = static_cast<std::uint32_t>(std::lround(unit * top));
    }
    const int plane = bits - 1 - m_bit;
    m_bit = (m_bit + 1) % bits;
    return static_cast<std::int8_t>((m_latched >> plane) & 1u);
}

std::vector<std::int8_t> encodeSpikes(std::span<const float> signal, SpikeSettings settings) {
    SpikeEncoder encoder(settings);
    std::vector<std::int8_t> spikes;
    spikes.reserve(signal.size());
    for (float value : signal) {
        spikes.push_back(encoder.step(value));
    }
    return spikes;
}

double sparsity(std::span<const std::int8_t> spikes) {
    if (spikes.empty()) {
        return 0.0;
    }
    const auto silent = std::count(spikes.begin(), spikes.end(), std::int8_t{0});
    return static_cast<double>(silent) / static_cast<double>(spikes.size());
}

}  // namespace ossynapse

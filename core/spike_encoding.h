#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

// Spike encodings of a telemetry signal (one value per step), after the Spiking GPT-OSS
// wrapper: a lobe bound to one fires spikes instead of showing a smooth level.
//   binary   1 when the value is above the threshold, else 0
//   ternary  +1 above +threshold, -1 below -threshold, 0 in the dead zone between
//   bitwise  the value, clamped to [0, full] and quantised to `bits` bits, sent as its bit
//            planes over `bits` successive steps, most significant first; a new value is
//            taken at the start of each group
namespace ossynapse {

enum class SpikeScheme { Binary, Ternary, Bitwise };

std::string_view spikeSchemeName(SpikeScheme scheme);
std::optional<SpikeScheme> spikeSchemeFromName(std::string_view name);

struct SpikeSettings {
    SpikeScheme scheme = SpikeScheme::Binary;
    float threshold = 0.5f;
    int bits = 4;       // bitwise: 1..16
    float full = 1.0f;  // bitwise: the value that quantises to all ones
    friend bool operator==(const SpikeSettings&, const SpikeSettings&) = default;
};

class SpikeEncoder {
  public:
    explicit SpikeEncoder(SpikeSettings settings = {});

    // The spike for this step's value: -1, 0 or +1.
    std::int8_t step(float value);
    void reset();

  private:
    SpikeSettings m_settings;
    int m_bit = 0;
    std::uint32_t m_latched = 0;
};

std::vector<std::int8_t> encodeSpikes(std::span<const float> signal, SpikeSettings settings);
// The fraction of steps with no spike (0 when there are no steps).
double sparsity(std::span<const std::int8_t> spikes);

}  // namespace ossynapse

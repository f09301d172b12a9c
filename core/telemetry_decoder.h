#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/telemetry.h"

namespace ossynapse {

// One telemetry connection's incoming frames, whatever the tap speaks: our binary form
// ("OSTM"), our JSON form (text frames), or the Synapse probe's NFLW packets, whose
// steady-clock timestamps are rebased so its first packet is at 0 s. Anything else is counted,
// dropped and its reason kept; it never throws.
class TelemetryDecoder {
  public:
    std::optional<TelemetryMessage> binary(std::span<const std::uint8_t> bytes);
    std::optional<TelemetryMessage> text(std::string_view text);

    std::uint64_t accepted() const { return m_accepted; }
    std::uint64_t dropped() const { return m_dropped; }
    std::uint64_t bytes() const { return m_bytes; }
    const std::string& lastError() const { return m_lastError; }

  private:
    std::optional<TelemetryMessage> count(std::optional<TelemetryMessage> message,
                                          const std::string& error);

    std::uint64_t m_accepted = 0;
    std::uint64_t m_dropped = 0;
    std::uint64_t m_bytes = 0;
    std::string m_lastError;
    std::optional<std::uint64_t> m_nflwEpochNs;
};

}  // namespace ossynapse

#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/parameters.h"
#include "core/session.h"

namespace ossynapse {

struct ChannelStats {
    std::size_t events = 0;
    std::int64_t tokens = 0;
    double firstT = 0.0;
    double lastT = 0.0;
    // Tokens after the first arrival over the time from first to last arrival (how the rate
    // meter counts); empty with fewer than two arrivals.
    std::optional<double> meanTps;
    // Highest rate meter reading, taken at every arrival.
    double peakTps = 0.0;
};

struct SessionStats {
    double duration = 0.0;
    std::array<ChannelStats, kChannelCount> channels{};
};

SessionStats computeStats(const Session& session, const Parameters& parameters);

}  // namespace ossynapse

#include "core/session_stats.h"

#include <algorithm>

#include "core/rate_meter.h"

namespace ossynapse {

SessionStats computeStats(const Session& session, const Parameters& parameters) {
    SessionStats stats;
    stats.duration = session.duration();
    std::array<RateMeter, kChannelCount> meters = {RateMeter(parameters), RateMeter(parameters)};
    std::array<int, kChannelCount> firstTokens{};
    for (const TokenEvent& event : session.events) {
        ChannelStats& channel = stats.channels[index(event.channel)];
        if (channel.events == 0) {
            channel.firstT = event.t;
            firstTokens[index(event.channel)] = event.tokens;
        }
        ++channel.events;
        channel.tokens += event.tokens;
        channel.lastT = event.t;
        RateMeter& meter = meters[index(event.channel)];
        meter.add(event.t, event.tokens);
        channel.peakTps = std::max(channel.peakTps, meter.rate(event.t));
    }
    for (Channel c : kChannels) {
        ChannelStats& channel = stats.channels[index(c)];
        if (channel.events >= 2 && channel.lastT > channel.firstT) {
            channel.meanTps = static_cast<double>(channel.tokens - firstTokens[index(c)]) /
                              (channel.lastT - channel.firstT);
        }
    }
    return stats;
}

}  // namespace ossynapse

#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace ossynapse {

// The two token channels of a reasoning model's stream. The seed's two-wire skull drives
// LED group A from reasoning and LED group B from completion.
enum class Channel { Reasoning = 0, Completion = 1 };

inline constexpr std::array<Channel, 2> kChannels = {Channel::Reasoning, Channel::Completion};
inline constexpr std::size_t kChannelCount = kChannels.size();

constexpr std::size_t index(Channel channel) {
    return static_cast<std::size_t>(channel);
}

std::string_view channelName(Channel channel);
std::optional<Channel> channelFromName(std::string_view name);

// One batch of tokens seen on a channel. Time is in seconds since the session started,
// stamped by whoever produced the event (monotonic clock live, the file on replay).
struct TokenEvent {
    double t = 0.0;
    Channel channel = Channel::Completion;
    int tokens = 1;
    std::string text;

    friend bool operator==(const TokenEvent&, const TokenEvent&) = default;
};

}  // namespace ossynapse

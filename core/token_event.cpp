#include "core/token_event.h"

namespace ossynapse {

std::string_view channelName(Channel channel) {
    return channel == Channel::Reasoning ? "reasoning" : "completion";
}

std::optional<Channel> channelFromName(std::string_view name) {
    for (Channel channel : kChannels) {
        if (channelName(channel) == name) {
            return channel;
        }
    }
    return std::nullopt;
}

}  // namespace ossynapse

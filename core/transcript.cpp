#include "core/transcript.h"

#include <algorithm>
#include <cmath>

namespace ossynapse {
namespace {

// The longest prefix of `text` that does not end part-way through a UTF-8 sequence. Bytes that
// are not UTF-8 at all are let through: holding them back would hide the rest of the text.
std::size_t characterBoundary(const std::string& text) {
    const std::size_t size = text.size();
    std::size_t lead = size;
    for (int back = 0; back < 4 && lead > 0; ++back) {
        --lead;
        if ((static_cast<unsigned char>(text[lead]) & 0xC0) != 0x80) {
            break;
        }
    }
    if (lead == size) {
        return size;
    }
    const auto byte = static_cast<unsigned char>(text[lead]);
    std::size_t length = 1;
    if ((byte & 0xE0) == 0xC0) {
        length = 2;
    } else if ((byte & 0xF0) == 0xE0) {
        length = 3;
    } else if ((byte & 0xF8) == 0xF0) {
        length = 4;
    }
    return size - lead < length ? lead : size;
}

}  // namespace

Transcript::Transcript(double spanGapSeconds) : m_spanGap(spanGapSeconds) {}

Transcript::Transcript(const std::vector<TokenEvent>& events, double spanGapSeconds)
    : m_spanGap(spanGapSeconds) {
    for (const TokenEvent& event : events) {
        append(event);
    }
}

void Transcript::append(const TokenEvent& event) {
    if (!std::isfinite(event.t)) {
        return;
    }
    ChannelIndex& channel = m_channels[index(event.channel)];
    const double t = channel.any ? std::max(channel.latest, event.t) : event.t;
    channel.any = true;
    channel.latest = t;
    if (channel.spans.empty() || t - channel.spans.back().end >= m_spanGap) {
        channel.spans.push_back({event.channel, t, t});
    } else {
        channel.spans.back().end = t;
    }
    if (event.text.empty()) {
        return;
    }
    channel.text += event.text;
    const std::size_t end = characterBoundary(channel.text);
    // Events at one time collapse into one step of the index.
    if (!channel.times.empty() && channel.times.back() == t) {
        channel.ends.back() = end;
    } else {
        channel.times.push_back(t);
        channel.ends.push_back(end);
    }
}

std::size_t Transcript::streamedBytes(Channel channel, double t) const {
    const ChannelIndex& index = m_channels[ossynapse::index(channel)];
    const auto after = std::upper_bound(index.times.begin(), index.times.end(), t);
    if (after == index.times.begin()) {
        return 0;
    }
    return index.ends[static_cast<std::size_t>(after - index.times.begin()) - 1];
}

std::vector<ChannelSpan> Transcript::spans() const {
    std::vector<ChannelSpan> all;
    for (const ChannelIndex& channel : m_channels) {
        all.insert(all.end(), channel.spans.begin(), channel.spans.end());
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const ChannelSpan& a, const ChannelSpan& b) { return a.start < b.start; });
    return all;
}

}  // namespace ossynapse

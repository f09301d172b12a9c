#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/token_event.h"

namespace ossynapse {

// A stretch of time in which a channel streamed: from its first token's time to its last's, in
// seconds since the session started. A lone token is a span of zero length (start == end).
struct ChannelSpan {
    Channel channel = Channel::Completion;
    double start = 0.0;
    double end = 0.0;
    friend bool operator==(const ChannelSpan&, const ChannelSpan&) = default;
};

// Tokens of one channel closer together than this (in seconds) belong to one span: a model
// that pauses for a moment mid-answer is still answering.
inline constexpr double kDefaultSpanGapSeconds = 1.0;

// A session's text per channel, indexed by time, so a player can show what had streamed by any
// position (forwards, backwards, or a jump) in O(log n) without replaying; and the spans in which
// each channel streamed, for a timeline. Built from a Session's token events as the reader
// made them, or grown one event at a time from a live stream.
//
// Edge cases:
// * Events with no text (older recordings, counted-only tokens) add nothing to the text but still
//   count for the spans; a session with no text at all has empty texts and its spans.
// * Times are expected in order per channel (the reader refuses anything else), but a hand-made
//   or live event stamped before its channel's previous one is taken as arriving with that
//   previous one: its text is never shown before the text that came first in the stream, and
//   the channel's span does not reach back.
// * The text is cut only between characters: an event whose text ends part-way through a UTF-8
//   sequence (a byte-level token) shows that character when the event completing it arrives.
// * Every query is a pure function of t: seeking backwards needs nothing special.
class Transcript {
  public:
    explicit Transcript(double spanGapSeconds = kDefaultSpanGapSeconds);
    explicit Transcript(const std::vector<TokenEvent>& events,
                        double spanGapSeconds = kDefaultSpanGapSeconds);

    // Adds the next event of the stream (a live session's, as it arrives).
    void append(const TokenEvent& event);

    // The channel's whole text, in stream order (UTF-8).
    const std::string& text(Channel channel) const { return m_channels[index(channel)].text; }
    // How many bytes of text(channel) had streamed at or before `t` (seconds): always a
    // character boundary.
    std::size_t streamedBytes(Channel channel, double t) const;
    std::string_view streamedText(Channel channel, double t) const {
        return std::string_view(text(channel)).substr(0, streamedBytes(channel, t));
    }

    // Both channels' spans, ordered by start (reasoning first at equal starts). Consecutive
    // tokens of a channel less than spanGap() seconds apart share a span.
    std::vector<ChannelSpan> spans() const;
    const std::vector<ChannelSpan>& spans(Channel channel) const {
        return m_channels[index(channel)].spans;
    }
    double spanGap() const { return m_spanGap; }

  private:
    struct ChannelIndex {
        std::string text;
        // Per event with text, when it streamed (never decreasing) and the text's length once it
        // had, rounded down to a character boundary.
        std::vector<double> times;
        std::vector<std::size_t> ends;
        std::vector<ChannelSpan> spans;
        bool any = false;
        double latest = 0.0;
    };

    double m_spanGap;
    std::array<ChannelIndex, kChannelCount> m_channels;
};

}  // namespace ossynapse

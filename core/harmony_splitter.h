#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/token_event.h"

namespace ossynapse {

// Older llama.cpp and LM Studio builds stream gpt-oss's raw harmony format inside `content`:
//   <|channel|>analysis<|message|>thinking...<|start|>assistant<|channel|>final<|message|>answer
// This splits such text by channel (analysis and commentary -> reasoning, final -> completion)
// and drops the markers and headers, across chunks cut anywhere, even inside a marker. Text
// with no markers passes through as completion.
class HarmonySplitter {
  public:
    struct Piece {
        Channel channel;
        std::string text;
    };

    // Visible text completed by this chunk, in order; consecutive text on one channel is merged.
    std::vector<Piece> feed(std::string_view content);
    // End of stream: text held back as a possible marker start is released.
    std::vector<Piece> flush();
    bool sawMarkers() const { return m_sawMarkers; }
    // The channel all of `content` goes to when it holds no marker and nothing is pending:
    // the common case, answered without copying.
    std::optional<Channel> plainChannel(std::string_view content) const {
        if (m_state != State::Text || !m_hold.empty() ||
            content.find('<') != std::string_view::npos) {
            return std::nullopt;
        }
        return m_channel;
    }

  private:
    enum class State { Text, ChannelName, Header };
    void appendText(std::string_view text, std::vector<Piece>& out);
    void marker(std::string_view name, std::vector<Piece>& out);

    State m_state = State::Text;
    Channel m_channel = Channel::Completion;
    std::string m_hold;  // a "<|..." that may still become a marker
    std::string m_channelName;
    bool m_sawMarkers = false;
};

}  // namespace ossynapse

#include "core/harmony_splitter.h"

#include <algorithm>
#include <array>

namespace ossynapse {
namespace {

constexpr std::array<std::string_view, 7> kMarkers = {"start",  "end",  "message",  "channel",
                                                      "return", "call", "constrain"};
constexpr std::size_t kLongestMarker = 2 + 9 + 2;  // "<|constrain|>"

bool isMarker(std::string_view name) {
    return std::find(kMarkers.begin(), kMarkers.end(), name) != kMarkers.end();
}

// True when `tail` (starting with "<|") could still grow into a marker.
bool couldBeMarker(std::string_view tail) {
    if (tail.size() >= kLongestMarker) {
        return false;
    }
    const std::string_view name = tail.substr(2);
    for (std::string_view marker : kMarkers) {
        const std::string full = std::string(marker) + "|>";
        if (full.substr(0, name.size()) == name) {
            return true;
        }
    }
    return false;
}

Channel channelFor(std::string_view harmonyChannel) {
    // "analysis to=..." and "commentary to=functions.x" carry routing after the name.
    const std::string_view name = harmonyChannel.substr(0, harmonyChannel.find(' '));
    return name == "final" ? Channel::Completion : Channel::Reasoning;
}

}  // namespace

void HarmonySplitter::appendText(std::string_view text, std::vector<Piece>& out) {
    if (text.empty()) {
        return;
    }
    switch (m_state) {
        case State::Text:
            if (!out.empty() && out.back().channel == m_channel) {
                out.back().text.append(text);
            } else {
                out.push_back({m_channel, std::string(text)});
            }
            break;
        case State::ChannelName:
            m_channelName.append(text);
            break;
        case State::Header:
            break;  // role names and constraints are not shown
    }
}

void HarmonySplitter::marker(std::string_view name, std::vector<Piece>&) {
    m_sawMarkers = true;
    if (name == "channel") {
        m_state = State::ChannelName;
        m_channelName.clear();
    } else if (name == "message") {
        if (m_state == State::ChannelName) {
            m_channel = channelFor(m_channelName);
        }
        m_state = State::Text;
    } else if (name == "constrain") {
        if (m_state == State::ChannelName) {
            m_channel = channelFor(m_channelName);
        }
        m_state = State::Header;
    } else {
        // start, end, return, call: a new header follows.
        m_state = State::Header;
    }
}

std::vector<HarmonySplitter::Piece> HarmonySplitter::feed(std::string_view content) {
    std::vector<Piece> out;
    std::string buffer = std::move(m_hold);
    m_hold.clear();
    buffer.append(content);
    std::string_view rest = buffer;
    while (!rest.empty()) {
        const std::size_t open = rest.find("<|");
        if (open == std::string_view::npos) {
            appendText(rest, out);
            break;
        }
        appendText(rest.substr(0, open), out);
        rest.remove_prefix(open);
        const std::size_t close = rest.find("|>", 2);
        if (close == std::string_view::npos) {
            if (couldBeMarker(rest)) {
                m_hold = std::string(rest);
                break;
            }
            appendText(rest.substr(0, 2), out);
            rest.remove_prefix(2);
            continue;
        }
        const std::string_view name = rest.substr(2, close - 2);
        if (isMarker(name)) {
            marker(name, out);
            rest.remove_prefix(close + 2);
        } else {
            appendText(rest.substr(0, 2), out);
            rest.remove_prefix(2);
        }
    }
    return out;
}

std::vector<HarmonySplitter::Piece> HarmonySplitter::flush() {
    std::vector<Piece> out;
    const std::string held = std::move(m_hold);
    m_hold.clear();
    appendText(held, out);
    return out;
}

}  // namespace ossynapse

#include "app/studio/session_text.h"

#include <QVariantMap>

#include "core/session.h"

namespace ossynapse {

SessionText::SessionText(QObject* parent) : QObject(parent) {}

void SessionText::reset(bool live) {
    m_transcript = Transcript();
    m_live = live;
    show({});
}

void SessionText::load(const std::vector<TokenEvent>& events, double position) {
    reset(false);
    m_transcript = Transcript(events);
    m_hasText = false;
    for (Channel channel : kChannels) {
        m_hasText = m_hasText || !m_transcript.text(channel).empty();
    }
    m_spans.clear();
    for (const ChannelSpan& span : m_transcript.spans()) {
        m_spans.append(QVariantMap{
            {QStringLiteral("channel"), QString::fromLatin1(channelName(span.channel).data())},
            {QStringLiteral("start"), span.start},
            {QStringLiteral("end"), span.end}});
    }
    emit sessionChanged();
    m_position = position;
    show(streamedAt(position));
}

void SessionText::beginLive() {
    reset(true);
    m_hasText = false;
    m_spans.clear();
    emit sessionChanged();
}

void SessionText::appendLive(const TokenEvent& event) {
    if (!m_live) {
        return;
    }
    m_transcript.append(event);
    if (!m_hasText && !event.text.empty()) {
        m_hasText = true;
        emit sessionChanged();
    }
    // Live, the shown text follows every token; the engine's position would lag the stream.
    show(streamedAt(kMaxSessionSeconds));
}

void SessionText::setPosition(double position) {
    if (m_live || position == m_position) {
        return;
    }
    m_position = position;
    show(streamedAt(position));
}

std::array<std::size_t, kChannelCount> SessionText::streamedAt(double position) const {
    std::array<std::size_t, kChannelCount> bytes{};
    for (Channel channel : kChannels) {
        bytes[index(channel)] = m_transcript.streamedBytes(channel, position);
    }
    return bytes;
}

void SessionText::show(const std::array<std::size_t, kChannelCount>& bytes) {
    for (Channel channel : kChannels) {
        const std::size_t i = index(channel);
        const std::size_t shown = m_shownBytes[i];
        if (bytes[i] == shown) {
            continue;
        }
        const std::string& text = m_transcript.text(channel);
        // Playing forwards only adds the new tokens' text; a seek back or a new session
        // converts the prefix again.
        if (bytes[i] > shown && shown > 0) {
            m_shown[i] +=
                QString::fromUtf8(text.data() + shown, static_cast<qsizetype>(bytes[i] - shown));
        } else {
            m_shown[i] = QString::fromUtf8(text.data(), static_cast<qsizetype>(bytes[i]));
        }
        m_shownBytes[i] = bytes[i];
        if (channel == Channel::Reasoning) {
            emit reasoningChanged();
        } else {
            emit answerChanged();
        }
    }
}

}  // namespace ossynapse

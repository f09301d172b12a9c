#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QString>
#include <QVariantList>
#include <array>
#include <vector>

#include "core/transcript.h"

namespace ossynapse {

// The session's text for the window: the reasoning and the answer as far as they had streamed
// at the playback position, and when each channel streamed, for the timeline. One home for a
// recording's text and a live session's: the studio's engine owns it, loads a recording's
// tokens into it and hands it a live stream's as they arrive.
class SessionText : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The studio's engine owns the session's text: StudioEngine.sessionText")
    Q_PROPERTY(QString reasoning READ reasoning NOTIFY reasoningChanged)
    Q_PROPERTY(QString answer READ answer NOTIFY answerChanged)
    // Whether the session holds any text at all (older recordings and counted-only tokens
    // hold none), so the panel can say so rather than stay blank.
    Q_PROPERTY(bool hasText READ hasText NOTIFY sessionChanged)
    // The open recording's spans, ordered by start: {channel: "reasoning" | "completion",
    // start, end} in seconds. Empty for a live session (its timeline does not seek).
    Q_PROPERTY(QVariantList spans READ spans NOTIFY sessionChanged)
    // Tokens closer together than this many seconds share a span.
    Q_PROPERTY(double spanGap READ spanGap CONSTANT)

  public:
    explicit SessionText(QObject* parent = nullptr);

    QString reasoning() const { return m_shown[0]; }
    QString answer() const { return m_shown[1]; }
    bool hasText() const { return m_hasText; }
    QVariantList spans() const { return m_spans; }
    double spanGap() const { return m_transcript.spanGap(); }

    // A recording's tokens, shown up to `position`.
    void load(const std::vector<TokenEvent>& events, double position);
    // A live session: everything that arrives is shown at once, whatever the position.
    void beginLive();
    void appendLive(const TokenEvent& event);
    // The playback position, in seconds; ignored live.
    void setPosition(double position);

  signals:
    void reasoningChanged();
    void answerChanged();
    void sessionChanged();

  private:
    void reset(bool live);
    // Brings the shown text to `bytes` per channel; emits only for a channel whose shown text
    // changed.
    void show(const std::array<std::size_t, kChannelCount>& bytes);
    std::array<std::size_t, kChannelCount> streamedAt(double position) const;

    Transcript m_transcript;
    bool m_live = false;
    bool m_hasText = false;
    double m_position = 0.0;
    std::array<std::size_t, kChannelCount> m_shownBytes{};
    std::array<QString, kChannelCount> m_shown;
    QVariantList m_spans;
};

}  // namespace ossynapse

#include "app/studio/training_monitor.h"

#include <QVariantMap>
#include <algorithm>
#include <cmath>

#include "app/studio/engine_binding.h"

namespace ossynapse {
namespace {

// Bytes a UTF-8 sequence with this lead byte has; 1 for a byte that cannot lead one, so a
// broken sequence shows as a replacement character instead of swallowing what follows.
int sequenceLength(unsigned char lead) {
    if (lead >= 0xF0 && lead <= 0xF4) {
        return 4;
    }
    if (lead >= 0xE0) {
        return lead <= 0xEF ? 3 : 1;
    }
    if (lead >= 0xC2) {
        return 2;
    }
    return 1;
}

// Control characters are drawn as their Unicode pictures, so a newline or tab the model
// writes stays visible in one strip.
QString visible(QString text) {
    for (QChar& c : text) {
        if (c == QLatin1Char('\n')) {
            c = QChar(0x21B5);  // ↵
        } else if (c.unicode() < 0x20) {
            c = QChar(0x2400 + c.unicode());
        } else if (c.unicode() == 0x7F) {
            c = QChar(0x2421);
        }
    }
    return text;
}

}  // namespace

std::vector<TextPiece> textPieces(const std::vector<SampledToken>& tokens) {
    std::vector<TextPiece> pieces;
    std::string pending;
    float pendingProbability = 1.0f;
    int remaining = 0;  // continuation bytes the character in progress still needs
    const auto flush = [&] {
        if (!pending.empty()) {
            pieces.push_back({visible(QString::fromUtf8(pending.data(), qsizetype(pending.size()))),
                              pendingProbability});
            pending.clear();
            pendingProbability = 1.0f;
        }
    };
    for (const SampledToken& token : tokens) {
        for (const char byte : token.bytes) {
            const auto b = static_cast<unsigned char>(byte);
            const bool continuation = (b & 0xC0) == 0x80;
            if (remaining > 0 && continuation) {
                --remaining;
            } else {
                // A new character; one broken off before it decodes as U+FFFD.
                remaining = continuation ? 0 : sequenceLength(b) - 1;
            }
            pending.push_back(byte);
            pendingProbability = std::min(pendingProbability, token.probability);
        }
        // A token ends its piece when its characters are whole; one that ends inside a
        // character joins the next.
        if (remaining == 0) {
            flush();
        }
    }
    flush();
    return pieces;
}

QColor confidenceColor(float probability) {
    const double p = std::isfinite(probability) ? std::clamp(double(probability), 0.0, 1.0) : 0.0;
    return QColor::fromHsvF(float(p * 120.0 / 360.0), 0.62f, 0.95f);
}

TrainingMonitor::TrainingMonitor(QObject* parent) : QObject(parent) {
    // A tap sends training steps several times a second; seconds without one mean the loop
    // ended or hangs, which the header says instead of showing a frozen step.
    m_stopped.setSingleShot(true);
    m_stopped.setInterval(kStoppedAfterMs);
    connect(&m_stopped, &QTimer::timeout, this, &TrainingMonitor::trainingChanged);
}

void TrainingMonitor::setEngine(StudioEngine* engine) {
    if (rebindEngine(this, m_engine, engine, [this](StudioEngine* bound) {
            connect(bound, &StudioEngine::telemetryArrived, this, &TrainingMonitor::take);
        })) {
        emit engineChanged();
    }
}

void TrainingMonitor::take(const TelemetryMessage& message) {
    if (const auto* training = std::get_if<TrainingStep>(&message)) {
        ++m_trainingSteps;
        m_step = static_cast<int>(training->step);
        m_loss = training->loss;
        if (std::isnan(m_firstLoss)) {
            m_firstLoss = training->loss;
        }
        m_learningRate = training->learningRate;
        m_stopped.start();
        emit trainingChanged();
    } else if (const auto* sampled = std::get_if<SampledText>(&message)) {
        m_text.clear();
        for (const TextPiece& piece : textPieces(sampled->tokens)) {
            m_text.append(
                QVariantMap{{QStringLiteral("text"), piece.text},
                            {QStringLiteral("probability"), double(piece.probability)},
                            {QStringLiteral("color"), confidenceColor(piece.probability)}});
        }
        m_textStep = static_cast<int>(sampled->step);
        emit textChanged();
    }
}

}  // namespace ossynapse

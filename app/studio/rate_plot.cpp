#include "app/studio/rate_plot.h"

#include <algorithm>

#include <QPainter>
#include <QPainterPath>

#include "app/studio/engine_binding.h"

namespace ossynapse {
namespace {

const std::array<QColor, kChannelCount> kChannelColors = {QColor(255, 84, 64),
                                                          QColor(235, 240, 255)};

}  // namespace

RatePlot::RatePlot(QQuickItem* parent) : QQuickPaintedItem(parent) {
    setAntialiasing(true);
    setOpaquePainting(false);
}

void RatePlot::setEngine(StudioEngine* engine) {
    if (rebindEngine(this, m_engine, engine, [this](StudioEngine* bound) {
            connect(bound, &StudioEngine::frameChanged, this, [this] { update(); });
        })) {
        emit engineChanged();
    }
}

void RatePlot::setSeconds(double seconds) {
    if (seconds != m_seconds && seconds > 1.0) {
        m_seconds = seconds;
        update();
        emit secondsChanged();
    }
}

void RatePlot::paint(QPainter* painter) {
    const QRectF area = boundingRect().adjusted(1, 1, -1, -1);
    if (m_engine == nullptr || area.width() < 10 || area.height() < 10) {
        return;
    }
    const Parameters& p = m_engine->parameters();
    const auto y = [&](double level) { return area.bottom() - level * area.height(); };
    // Pattern bands: each threshold's intensity on the same scale as the curves.
    const std::array<std::pair<double, const char*>, 4> bands = {
        std::pair{0.0, "breathe"},
        std::pair{intensity(p.activeThresholdTps, p.intensityCeilingTps), "crossfade"},
        std::pair{intensity(p.streamThresholdTps, p.intensityCeilingTps), "lissajous"},
        std::pair{intensity(p.heartbeatThresholdTps, p.intensityCeilingTps), "heartbeat"}};
    QFont font = painter->font();
    font.setPixelSize(10);
    painter->setFont(font);
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const double top = i + 1 < bands.size() ? bands[i + 1].first : 1.0;
        const QRectF band(area.left(), y(top), area.width(), y(bands[i].first) - y(top));
        painter->fillRect(band, QColor(90, 120, 200, 14 + 12 * static_cast<int>(i)));
        painter->setPen(QColor(160, 175, 210, 150));
        // A band thinner than its name (breathe sits below the active threshold, a pixel or
        // two) has its name drawn upwards from the plot's floor instead of cut off by it.
        const double textHeight = painter->fontMetrics().height();
        const double labelTop = std::min(band.top() + 2.0, area.bottom() - textHeight - 1.0);
        painter->drawText(QRectF(area.left() + 6, labelTop, area.width() - 10, textHeight),
                          Qt::AlignLeft | Qt::AlignTop, QString::fromLatin1(bands[i].second));
    }
    const std::deque<PlotSample>& history = m_engine->history();
    if (history.size() < 2) {
        return;
    }
    const double end = history.back().position;
    const double start = end - m_seconds;
    const auto x = [&](double t) { return area.left() + (t - start) / m_seconds * area.width(); };
    for (Channel c : kChannels) {
        QPainterPath rate;
        QPainterPath level;
        bool first = true;
        for (const PlotSample& s : history) {
            const QPointF r(x(s.position), y(intensity(s.rate[index(c)], p.intensityCeilingTps)));
            const QPointF l(x(s.position), y(s.level[index(c)]));
            if (first) {
                rate.moveTo(r);
                level.moveTo(l);
                first = false;
            } else {
                rate.lineTo(r);
                level.lineTo(l);
            }
        }
        QColor thin = kChannelColors[index(c)];
        thin.setAlpha(110);
        painter->setPen(QPen(thin, 1.0));
        painter->drawPath(rate);
        painter->setPen(QPen(kChannelColors[index(c)], 2.2));
        painter->drawPath(level);
    }
}

}  // namespace ossynapse

#include "app/studio/brainscan_view.h"

#include <QQuickWindow>
#include <algorithm>
#include <cmath>

#include "app/studio/engine_binding.h"
#include "app/studio/image_node.h"

namespace ossynapse {
namespace {

// A dark-to-hot scale (black, deep blue, magenta, orange, pale yellow): equal steps in value
// read as equal steps in brightness.
QRgb heat(double v) {
    static constexpr std::array<std::array<double, 3>, 5> stops = {{{0.0, 0.0, 0.02},
                                                                    {0.18, 0.05, 0.45},
                                                                    {0.72, 0.12, 0.55},
                                                                    {0.98, 0.55, 0.12},
                                                                    {1.0, 0.98, 0.75}}};
    v = std::clamp(v, 0.0, 1.0) * (stops.size() - 1);
    const auto i = std::min(static_cast<std::size_t>(v), stops.size() - 2);
    const double f = v - static_cast<double>(i);
    const auto mix = [&](std::size_t c) {
        return static_cast<int>(255.0 * (stops[i][c] * (1.0 - f) + stops[i + 1][c] * f));
    };
    return qRgb(mix(0), mix(1), mix(2));
}

double valueOf(const LayerSummary& layer, const QString& statistic) {
    if (statistic == QLatin1String("entropy")) {
        return layer.entropy;
    }
    if (statistic == QLatin1String("max")) {
        return layer.max;
    }
    if (statistic == QLatin1String("mean")) {
        return layer.mean;
    }
    return layer.l2;
}

}  // namespace

BrainscanView::BrainscanView(QQuickItem* parent) : QQuickItem(parent) {
    setFlag(ItemHasContents, true);
}

void BrainscanView::setEngine(StudioEngine* engine) {
    if (!rebindEngine(this, m_engine, engine, [this](StudioEngine* bound) {
            // The picture follows the playhead, at the GUI's pace: it only changes when a new
            // batch is in reach or the playhead jumps.
            connect(bound, &StudioEngine::frameChanged, this, &BrainscanView::rebuild);
            connect(bound, &StudioEngine::sourceChanged, this, [this] {
                m_image = QImage();
                m_lastCount = 0;
                m_lastPosition = -1.0;
                rebuild();
            });
        })) {
        return;
    }
    rebuild();
    emit engineChanged();
}

void BrainscanView::setStatistic(const QString& statistic) {
    if (statistic != m_statistic) {
        m_statistic = statistic;
        m_lastCount = 0;
        rebuild();
        emit statisticChanged();
    }
}

void BrainscanView::setColumns(int columns) {
    columns = std::clamp(columns, 8, 4096);
    if (columns != m_columns) {
        m_columns = columns;
        m_lastCount = 0;
        rebuild();
        emit columnsChanged();
    }
}

void BrainscanView::setMode(const QString& mode) {
    if (mode != m_mode) {
        m_mode = mode;
        m_lastCount = 0;
        m_image = QImage();
        rebuild();
        emit modeChanged();
    }
}

void BrainscanView::setSparseLayer(int layer) {
    if (layer != m_layer) {
        m_layer = layer;
        m_lastCount = 0;
        m_image = QImage();
        rebuild();
        emit modeChanged();
    }
}

QVariantList BrainscanView::sparseLayers() const {
    std::vector<std::uint32_t> layers;
    if (m_engine != nullptr) {
        for (const SparseActivations& sparse : m_engine->sparseActivations()) {
            if (std::find(layers.begin(), layers.end(), sparse.layer) == layers.end()) {
                layers.push_back(sparse.layer);
            }
        }
    }
    std::sort(layers.begin(), layers.end());
    QVariantList list;
    for (std::uint32_t layer : layers) {
        list.append(static_cast<int>(layer));
    }
    return list;
}

void BrainscanView::rebuild() {
    const double position = m_engine != nullptr ? m_engine->position() : 0.0;
    if (m_mode == QLatin1String("sparse")) {
        drawSparse(position);
    } else {
        drawSummaries(position);
    }
}

void BrainscanView::drawSparse(double position) {
    const std::vector<SparseActivations> none;
    const auto& all = m_engine != nullptr ? m_engine->sparseActivations() : none;
    const auto end = std::upper_bound(all.begin(), all.end(), position + 1e-9,
                                      [](double t, const SparseActivations& s) { return t < s.t; });
    std::vector<const SparseActivations*> records;
    for (auto it = all.begin(); it != end; ++it) {
        if (it->layer == static_cast<std::uint32_t>(m_layer)) {
            records.push_back(&*it);
        }
    }
    const std::size_t count = records.size();
    if (count == m_lastCount && count > 0 && !m_image.isNull() && position >= m_lastPosition) {
        return;
    }
    if (count == 0 && m_image.isNull() && m_batches == 0) {
        return;
    }
    m_lastCount = count;
    m_lastPosition = position;
    const std::size_t first = count > std::size_t(m_columns) ? count - std::size_t(m_columns) : 0;
    m_batches = static_cast<int>(count - first);
    if (count == 0) {
        m_image = QImage();
    } else {
        std::uint32_t width = 1;
        for (std::size_t i = first; i < count; ++i) {
            for (std::uint32_t index : records[i]->indices) {
                width = std::max(width, index + 1);
            }
        }
        double strongest = 0.0;
        std::vector<double> cells(std::size_t(kSparseRows) * std::size_t(m_columns), 0.0);
        const std::size_t offset = std::size_t(m_columns) - (count - first);
        for (std::size_t i = first; i < count; ++i) {
            const SparseActivations& record = *records[i];
            for (std::size_t e = 0; e < record.indices.size() && e < record.values.size(); ++e) {
                const auto row = static_cast<std::size_t>(std::uint64_t{record.indices[e]} *
                                                          kSparseRows / width);
                double& cell = cells[row * std::size_t(m_columns) + offset + (i - first)];
                cell = std::max(cell, double(std::abs(record.values[e])));
                strongest = std::max(strongest, cell);
            }
        }
        m_image = QImage(m_columns, kSparseRows, QImage::Format_RGB32);
        for (int row = 0; row < kSparseRows; ++row) {
            auto* line = reinterpret_cast<QRgb*>(m_image.scanLine(row));
            for (int column = 0; column < m_columns; ++column) {
                const double v =
                    cells[std::size_t(row) * std::size_t(m_columns) + std::size_t(column)];
                line[column] = heat(strongest > 0.0 ? v / strongest : 0.0);
            }
        }
    }
    m_imageDirty = true;
    update();
    emit imageChanged();
}

void BrainscanView::drawSummaries(double position) {
    const std::vector<SummaryBatch> none;
    const auto& all = m_engine != nullptr ? m_engine->summaries() : none;
    // Batches up to the playhead (all of them when live: they arrive as they happen).
    const auto end = std::upper_bound(all.begin(), all.end(), position + 1e-9,
                                      [](double t, const SummaryBatch& b) { return t < b.t; });
    const auto count = static_cast<std::size_t>(end - all.begin());
    if (count == m_lastCount && count > 0 && !m_image.isNull() && position >= m_lastPosition) {
        return;
    }
    if (count == 0 && m_image.isNull() && m_batches == 0) {
        return;  // still nothing to draw
    }
    m_lastCount = count;
    m_lastPosition = position;
    const std::size_t first = count > std::size_t(m_columns) ? count - std::size_t(m_columns) : 0;
    std::size_t layers = 0;
    for (std::size_t i = first; i < count; ++i) {
        layers = std::max(layers, all[i].layers.size());
    }
    m_batches = static_cast<int>(count - first);
    if (layers == 0) {
        m_image = QImage();
    } else {
        m_image = QImage(m_columns, static_cast<int>(layers), QImage::Format_RGB32);
        m_image.fill(heat(0.0));
        for (std::size_t row = 0; row < layers; ++row) {
            double low = INFINITY;
            double high = -INFINITY;
            for (std::size_t i = first; i < count; ++i) {
                if (row < all[i].layers.size()) {
                    const double v = valueOf(all[i].layers[row], m_statistic);
                    if (std::isfinite(v)) {
                        low = std::min(low, v);
                        high = std::max(high, v);
                    }
                }
            }
            const double span = high > low ? high - low : 1.0;
            auto* line = reinterpret_cast<QRgb*>(m_image.scanLine(static_cast<int>(row)));
            // Newest at the right edge: the picture scrolls left as batches arrive.
            const std::size_t offset = std::size_t(m_columns) - (count - first);
            for (std::size_t i = first; i < count; ++i) {
                if (row < all[i].layers.size()) {
                    const double v = valueOf(all[i].layers[row], m_statistic);
                    line[offset + (i - first)] =
                        std::isfinite(v) ? heat((v - low) / span) : qRgb(40, 40, 48);
                }
            }
        }
    }
    m_imageDirty = true;
    update();
    emit imageChanged();
}

QSGNode* BrainscanView::updatePaintNode(QSGNode* old, UpdatePaintNodeData*) {
    return updateImageNode(old, window(), m_image, m_imageDirty, boundingRect());
}

bool BrainscanView::savePng(const QUrl& url) const {
    const QString path = url.isLocalFile() ? url.toLocalFile() : url.toString();
    if (m_image.isNull() || !m_image.save(path, "PNG")) {
        if (m_engine != nullptr) {
            m_engine->reportError(m_image.isNull() ? QStringLiteral("no telemetry to save yet")
                                                   : QStringLiteral("cannot write %1").arg(path));
        }
        return false;
    }
    return true;
}

}  // namespace ossynapse

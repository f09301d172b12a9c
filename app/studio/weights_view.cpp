#include "app/studio/weights_view.h"

#include <QDir>
#include <QQuickWindow>
#include <QSGGeometryNode>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>
#include <utility>

#include "app/studio/engine_binding.h"
#include "app/studio/weights_material.h"
#include "app/telemetry/weights_export.h"
#include "core/error.h"

namespace ossynapse {
namespace {

// The largest texture side every desktop GPU the studio runs on takes (OpenGL 4 and Vulkan
// guarantee at least 16384); an 8K model image fits.
constexpr std::uint32_t kMaxTextureSide = 16384;

QString localPath(const QUrl& url) {
    return url.isLocalFile() ? url.toLocalFile() : url.toString();
}

bool sameShapes(const WeightsLayout& layout, const std::vector<WeightMatrix>& frame) {
    if (layout.matrices.size() != frame.size()) {
        return false;
    }
    for (std::size_t i = 0; i < frame.size(); ++i) {
        if (layout.matrices[i].rows != frame[i].rows || layout.matrices[i].cols != frame[i].cols) {
            return false;
        }
    }
    return true;
}

QSGTexture* nearestTexture(QQuickWindow* window, const QImage& image) {
    QSGTexture* texture = window->createTextureFromImage(image, QQuickWindow::TextureIsOpaque);
    // Raw bits in the texels: any filtering between neighbours would blend bytes, not values.
    texture->setFiltering(QSGTexture::Nearest);
    texture->setMipmapFiltering(QSGTexture::None);
    texture->setHorizontalWrapMode(QSGTexture::ClampToEdge);
    texture->setVerticalWrapMode(QSGTexture::ClampToEdge);
    return texture;
}

}  // namespace

WeightsView::WeightsView(QQuickItem* parent) : QQuickItem(parent) {
    setFlag(ItemHasContents, true);
    connect(&m_packing, &QFutureWatcher<Packed>::finished, this, &WeightsView::packed);
}

WeightsView::~WeightsView() = default;

void WeightsView::setEngine(StudioEngine* engine) {
    if (rebindEngine(this, m_engine, engine, [this](StudioEngine* bound) {
            connect(bound, &StudioEngine::telemetryArrived, this,
                    [this](const TelemetryMessage& message) {
                        if (const auto* matrix = std::get_if<WeightMatrix>(&message)) {
                            take(*matrix);
                        }
                    });
        })) {
        emit engineChanged();
    }
}

void WeightsView::take(const WeightMatrix& matrix) {
    if (m_timeLapse) {
        try {
            if (m_timeLapse->take(matrix)) {
                emit timeLapseChanged();
            }
        } catch (const std::exception& error) {
            reportError(
                QStringLiteral("time-lapse stopped: %1").arg(QString::fromUtf8(error.what())));
            stopTimeLapse();
        }
    }
    const int incomplete = incompleteFrames();
    if (auto frame = m_assembler.add(matrix)) {
        show(std::move(*frame));
    } else if (incompleteFrames() != incomplete) {
        emit frameChanged();
    }
}

void WeightsView::show(std::vector<WeightMatrix> frame) {
    if (m_busy) {
        if (m_waiting) {
            ++m_superseded;
        }
        m_waiting = std::move(frame);
        return;
    }
    startPacking(std::move(frame));
}

void WeightsView::startPacking(std::vector<WeightMatrix> frame) {
    std::optional<WeightsLayout> newLayout;
    if (!m_layout || !sameShapes(*m_layout, frame)) {
        std::vector<MatrixShape> shapes;
        shapes.reserve(frame.size());
        for (const WeightMatrix& matrix : frame) {
            shapes.push_back({matrix.name, matrix.rows, matrix.cols});
        }
        try {
            newLayout = layOutWeights(shapes);
        } catch (const InputError& error) {
            reportError(
                QStringLiteral("weights not shown: %1").arg(QString::fromUtf8(error.what())));
            return;
        }
        if (newLayout->width > kMaxTextureSide || newLayout->height > kMaxTextureSide) {
            reportError(QStringLiteral("weights not shown: the weights image would be %1 x %2 "
                                       "pixels, more than a GPU texture holds (%3 a side); the "
                                       "tap's downsampling threshold makes it smaller")
                            .arg(newLayout->width)
                            .arg(newLayout->height)
                            .arg(kMaxTextureSide));
            return;
        }
        m_spare = {};  // laid out for other shapes
    }
    WeightsLayout layout = newLayout ? *newLayout : *m_layout;
    m_busy = true;
    m_packing.setFuture(
        QtConcurrent::run([layout = std::move(layout), newLayout = std::move(newLayout),
                           frame = std::move(frame), reuse = std::exchange(m_spare, {})]() mutable {
            Packed result;
            try {
                result.textures = packWeightTextures(layout, frame, std::move(reuse));
                if (newLayout) {
                    result.matrixMap = matrixMapImage(layout);
                }
            } catch (const std::exception& error) {
                result.error = QString::fromUtf8(error.what());
            }
            result.frame = std::move(frame);
            result.newLayout = std::move(newLayout);
            return result;
        }));
}

void WeightsView::packed() {
    m_busy = false;
    Packed result = m_packing.future().takeResult();
    if (!result.error.isEmpty()) {
        reportError(QStringLiteral("weights not shown: %1").arg(result.error));
    } else {
        if (result.newLayout) {
            m_layout = std::move(result.newLayout);
            m_matrixMap = std::move(result.matrixMap);
            m_mapDirty = true;
        } else {
            m_spare = std::move(m_textures);
        }
        m_textures = std::move(result.textures);
        m_frame = std::move(result.frame);
        m_valuesDirty = true;
        ++m_frames;
        emit frameChanged();
        emit imageRectChanged();
        update();
    }
    if (m_waiting) {
        std::vector<WeightMatrix> next = std::move(*m_waiting);
        m_waiting.reset();
        startPacking(std::move(next));
    }
}

double WeightsView::parameterCount() const {
    double count = 0;
    for (const WeightMatrix& matrix : m_frame) {
        count += double(matrix.sourceRows != 0 ? matrix.sourceRows : matrix.rows) *
                 double(matrix.sourceCols != 0 ? matrix.sourceCols : matrix.cols);
    }
    return count;
}

QSize WeightsView::imageSize() const {
    return m_layout ? QSize(int(m_layout->width), int(m_layout->height)) : QSize();
}

QRectF WeightsView::imageRect() const {
    return fittedImageRect(QSizeF(imageSize()), size());
}

void WeightsView::geometryChange(const QRectF& next, const QRectF& previous) {
    QQuickItem::geometryChange(next, previous);
    emit imageRectChanged();
    update();
}

QString WeightsView::describeAt(qreal x, qreal y) const {
    const QRectF drawn = imageRect();
    if (!m_layout || drawn.isEmpty() || !drawn.contains(x, y)) {
        return {};
    }
    const auto px = static_cast<std::uint32_t>((x - drawn.x()) / drawn.width() * m_layout->width);
    const auto py = static_cast<std::uint32_t>((y - drawn.y()) / drawn.height() * m_layout->height);
    for (std::size_t i = 0; i < m_layout->matrices.size(); ++i) {
        const MatrixPlacement& place = m_layout->matrices[i];
        if (px >= place.x && px < place.x + place.cols && py >= place.y &&
            py < place.y + place.rows) {
            const std::uint32_t row = py - place.y;
            const std::uint32_t col = px - place.x;
            const WeightMatrix& matrix = m_frame[i];
            const float value = matrix.values[std::size_t(row) * matrix.cols + col];
            QString shape = QStringLiteral("%1 × %2").arg(matrix.rows).arg(matrix.cols);
            if (matrix.sourceRows != 0 &&
                (matrix.sourceRows != matrix.rows || matrix.sourceCols != matrix.cols)) {
                shape +=
                    QStringLiteral(" (of %1 × %2)").arg(matrix.sourceRows).arg(matrix.sourceCols);
            }
            return QStringLiteral("%1 · %2 · row %3, column %4: %5")
                .arg(QString::fromStdString(matrix.name), shape)
                .arg(row)
                .arg(col)
                .arg(double(value), 0, 'g', 4);
        }
    }
    return {};
}

bool WeightsView::savePng(const QUrl& url) {
    if (!m_layout || m_frame.empty()) {
        reportError(QStringLiteral("no weight frame to save yet"));
        return false;
    }
    try {
        writeWeightsPng(localPath(url), *m_layout, m_frame);
    } catch (const std::exception& error) {
        reportError(QString::fromUtf8(error.what()));
        return false;
    }
    return true;
}

bool WeightsView::startTimeLapse(const QUrl& folder) {
    try {
        m_timeLapse = std::make_unique<WeightsExport>(localPath(folder), 0);
    } catch (const std::exception& error) {
        reportError(QString::fromUtf8(error.what()));
        return false;
    }
    emit timeLapseChanged();
    return true;
}

void WeightsView::stopTimeLapse() {
    if (m_timeLapse) {
        m_timeLapse.reset();
        emit timeLapseChanged();
    }
}

QString WeightsView::timeLapseFolder() const {
    return m_timeLapse ? QDir::toNativeSeparators(m_timeLapse->folder()) : QString();
}

int WeightsView::timeLapseFrames() const {
    return m_timeLapse ? static_cast<int>(m_timeLapse->framesWritten()) : 0;
}

void WeightsView::reportError(const QString& text) const {
    if (m_engine != nullptr) {
        m_engine->reportError(text);
    } else {
        qWarning("%s", qPrintable(text));
    }
}

QSGNode* WeightsView::updatePaintNode(QSGNode* old, UpdatePaintNodeData*) {
    auto* node = static_cast<QSGGeometryNode*>(old);
    if (m_textures.values.isNull()) {
        delete node;
        return nullptr;
    }
    if (node == nullptr) {
        node = new QSGGeometryNode;
        auto* geometry = new QSGGeometry(QSGGeometry::defaultAttributes_TexturedPoint2D(), 4);
        node->setGeometry(geometry);
        node->setFlag(QSGNode::OwnsGeometry);
        node->setMaterial(new WeightsMaterial);
        node->setFlag(QSGNode::OwnsMaterial);
        m_mapDirty = true;
        m_valuesDirty = true;
    }
    auto* material = static_cast<WeightsMaterial*>(node->material());
    if (m_mapDirty) {
        material->setMatrixMap(nearestTexture(window(), m_matrixMap));
        m_mapDirty = false;
    }
    if (m_valuesDirty) {
        material->setValues(nearestTexture(window(), m_textures.values));
        material->setScales(nearestTexture(window(), m_textures.scales));
        m_valuesDirty = false;
        node->markDirty(QSGNode::DirtyMaterial);
    }
    QSGGeometry::updateTexturedRectGeometry(node->geometry(), imageRect(), QRectF(0, 0, 1, 1));
    node->markDirty(QSGNode::DirtyGeometry);
    return node;
}

}  // namespace ossynapse

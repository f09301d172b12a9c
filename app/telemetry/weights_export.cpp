#include "app/telemetry/weights_export.h"

#include <QDir>
#include <QImage>
#include <QImageWriter>
#include <QSaveFile>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/error.h"

namespace ossynapse {

void writeGrey16Png(const QString& path,
                    std::uint32_t width,
                    std::uint32_t height,
                    const std::vector<std::uint16_t>& pixels,
                    const std::vector<std::pair<QString, QString>>& text) {
    QImage image(static_cast<int>(width), static_cast<int>(height), QImage::Format_Grayscale16);
    if (image.isNull()) {
        throw std::runtime_error("cannot make a " + std::to_string(width) + " x " +
                                 std::to_string(height) + " image: out of memory");
    }
    for (std::uint32_t y = 0; y < height; ++y) {
        std::memcpy(image.scanLine(static_cast<int>(y)), pixels.data() + std::size_t(y) * width,
                    std::size_t(width) * sizeof(std::uint16_t));
    }
    for (const auto& [keyword, value] : text) {
        image.setText(keyword, value);
    }
    // Written whole or not at all: a viewer watching the folder never reads half a frame.
    QSaveFile file(path);
    QImageWriter writer(&file, "png");
    // Weight images are noise to zlib; light compression keeps a large model's frames quick.
    writer.setCompression(1);
    if (!file.open(QIODevice::WriteOnly) || !writer.write(image) || !file.commit()) {
        throw std::runtime_error("cannot write " + path.toStdString() + ": " +
                                 (writer.error() != QImageWriter::UnknownError
                                      ? writer.errorString().toStdString()
                                      : file.errorString().toStdString()));
    }
}

void writeWeightsPng(const QString& path,
                     const WeightsLayout& layout,
                     const std::vector<WeightMatrix>& frame) {
    nlohmann::json scales = nlohmann::json::array();
    for (const WeightMatrix& matrix : frame) {
        scales.push_back(weightScale(matrix.values));
    }
    writeGrey16Png(path, layout.width, layout.height, renderWeights(layout, frame),
                   {{QStringLiteral("OSSynapse step"),
                     QString::number(frame.empty() ? 0 : frame.front().step)},
                    {QStringLiteral("OSSynapse scales"), QString::fromStdString(scales.dump())}});
}

WeightsExport::WeightsExport(const QString& folder, std::uint32_t width)
    : m_folder(folder), m_width(width) {
    if (!QDir().mkpath(folder)) {
        throw std::runtime_error("cannot create the folder " + folder.toStdString());
    }
}

std::optional<QString> WeightsExport::take(const WeightMatrix& matrix) {
    auto frame = m_assembler.add(matrix);
    if (!frame) {
        return std::nullopt;
    }
    try {
        if (!m_layout) {
            std::vector<MatrixShape> shapes;
            for (const WeightMatrix& m : *frame) {
                shapes.push_back({m.name, m.rows, m.cols});
            }
            m_layout = layOutWeights(shapes, m_width);
            nlohmann::ordered_json atlas = {{"width", m_layout->width},
                                            {"height", m_layout->height},
                                            {"matrices", nlohmann::json::array()}};
            for (std::size_t i = 0; i < m_layout->matrices.size(); ++i) {
                const MatrixPlacement& place = m_layout->matrices[i];
                const WeightMatrix& m = (*frame)[i];
                atlas["matrices"].push_back({{"name", place.name},
                                             {"x", place.x},
                                             {"y", place.y},
                                             {"rows", place.rows},
                                             {"cols", place.cols},
                                             {"layer", m.layer},
                                             {"source_rows", m.sourceRows},
                                             {"source_cols", m.sourceCols}});
            }
            QSaveFile file(QDir(m_folder).filePath(QStringLiteral("atlas.json")));
            const std::string text = atlas.dump(1) + "\n";
            if (!file.open(QIODevice::WriteOnly) ||
                file.write(text.data(), qint64(text.size())) != qint64(text.size()) ||
                !file.commit()) {
                throw std::runtime_error("cannot write " + file.fileName().toStdString() + ": " +
                                         file.errorString().toStdString());
            }
        }
        const QString path = QDir(m_folder).filePath(
            QStringLiteral("weights-%1.png").arg(frame->front().step, 8, 10, QLatin1Char('0')));
        writeWeightsPng(path, *m_layout, *frame);
        ++m_written;
        return path;
    } catch (const InputError& error) {
        ++m_refused;
        m_lastError = QString::fromUtf8(error.what());
        return std::nullopt;
    }
}

}  // namespace ossynapse

#pragma once

#include <QString>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/weights_image.h"

namespace ossynapse {

// Writes the weights image of every whole weight frame (core/weights_image.h) to a folder, a
// time-lapse: DIR/weights-00000100.png (step 100, 16-bit greyscale, one pixel per value) and,
// once, DIR/atlas.json saying where each matrix sits. The layout is fixed by the first frame;
// a frame whose shapes differ is refused (counted, the reason kept), not laid out anew.
class WeightsExport {
  public:
    // `width` 0: the layout's own default. Creates `folder`; throws std::runtime_error when it
    // cannot.
    WeightsExport(const QString& folder, std::uint32_t width);

    // Takes a matrix; writes a PNG when it completes a frame. Returns the PNG written, if any.
    // Throws std::runtime_error when a file cannot be written.
    std::optional<QString> take(const WeightMatrix& matrix);

    std::uint64_t framesWritten() const { return m_written; }
    std::uint64_t framesRefused() const { return m_refused; }
    std::uint64_t framesIncomplete() const { return m_assembler.incompleteFrames(); }
    const QString& lastError() const { return m_lastError; }
    const QString& folder() const { return m_folder; }
    const std::optional<WeightsLayout>& layout() const { return m_layout; }

  private:
    QString m_folder;
    std::uint32_t m_width = 0;
    WeightFrameAssembler m_assembler;
    std::optional<WeightsLayout> m_layout;
    std::uint64_t m_written = 0;
    std::uint64_t m_refused = 0;
    QString m_lastError;
};

// A 16-bit greyscale PNG of `pixels` (width x height, row-major), with PNG text chunks
// (keyword, text). Throws std::runtime_error.
void writeGrey16Png(const QString& path,
                    std::uint32_t width,
                    std::uint32_t height,
                    const std::vector<std::uint16_t>& pixels,
                    const std::vector<std::pair<QString, QString>>& text = {});

// One whole weight frame as its PNG (core/weights_image.h's image of `frame` in `layout`), with
// what undoes the normalisation in its text chunks: "OSSynapse step" (the frame's training
// step) and "OSSynapse scales" (a JSON array: each matrix's scale s, in atlas order), so the
// value under a grey level g is (g / 65535 * 2 - 1) * s. Throws std::runtime_error.
void writeWeightsPng(const QString& path,
                     const WeightsLayout& layout,
                     const std::vector<WeightMatrix>& frame);

}  // namespace ossynapse

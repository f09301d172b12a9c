#include "fseq_contents.h"

#include <vector>

#include "core/error.h"
#include "core/fseq.h"

FseqContents readFseqContents(const QByteArray& file) {
    FseqContents contents;
    try {
        const std::vector<std::uint8_t> bytes(file.begin(), file.end());
        const ossynapse::fseq::Sequence sequence = ossynapse::fseq::read(bytes);
        const ossynapse::fseq::Header& header = sequence.header;
        contents.majorVersion = header.majorVersion;
        contents.minorVersion = header.minorVersion;
        contents.stepTimeMs = header.stepTimeMs;
        contents.compression = static_cast<int>(header.compression);
        contents.sparseRanges = header.sparseRangeCount;
        contents.channelCount = header.channelCount;
        contents.frameCount = header.frameCount;
        contents.channelDataOffset = header.channelDataOffset;
        contents.media = QString::fromStdString(header.text("mf"));
        for (const std::vector<std::uint8_t>& frame : sequence.frames) {
            contents.frames.append(QByteArray(reinterpret_cast<const char*>(frame.data()),
                                              static_cast<qsizetype>(frame.size())));
        }
    } catch (const ossynapse::InputError& error) {
        contents.error = QString::fromUtf8(error.what());
    }
    return contents;
}

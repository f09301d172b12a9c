// Rendered frames as CSV: the JSON Lines fields flattened, one row per frame.
#include "app/output/frame_sink_factory.h"
#include "app/output/text_file_sink.h"
#include "core/frame_format.h"

namespace ossynapse {

SinkKind csvFileSinkKind() {
    return {QStringLiteral("csv"), QStringLiteral("OUT.csv"),
            QStringLiteral("the same, flattened to one CSV row per frame"), nullptr,
            [](const QString& path, const FileSinkOptions&) -> std::unique_ptr<FrameSink> {
                return std::make_unique<TextFileSink>(path, frameCsvHeader(), frameToCsvLine);
            }};
}

}  // namespace ossynapse

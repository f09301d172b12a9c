// Rendered frames as JSON Lines: one object per frame (core/frame_format.h).
#include "app/output/frame_sink_factory.h"
#include "app/output/text_file_sink.h"
#include "core/frame_format.h"

namespace ossynapse {

SinkKind jsonlFileSinkKind() {
    return {QStringLiteral("jsonl"), QStringLiteral("OUT.jsonl"),
            QStringLiteral("one JSON object per frame"), nullptr,
            [](const QString& path, const FileSinkOptions&) -> std::unique_ptr<FrameSink> {
                return std::make_unique<TextFileSink>(path, std::string(), frameToJsonLine);
            }};
}

}  // namespace ossynapse

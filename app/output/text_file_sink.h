#pragma once

#include <cstdio>
#include <functional>
#include <string>

#include "app/output/frame_sink.h"

namespace ossynapse {

// A file of one text line per frame (after an optional header): every frame offered is
// written, in order, nothing coalesced. Throws SinkError when the file cannot be created; a
// write that fails shows in status() (failed, with the reason) after finish().
class TextFileSink final : public FrameSink {
    Q_OBJECT
  public:
    using LineFormat = std::function<std::string(const Frame&)>;
    TextFileSink(const QString& path, const std::string& header, LineFormat line);
    ~TextFileSink() override;

    void accept(const Frame& frame) override;
    int finish() override;  // closes the file
    SinkStatus status() const override;

  private:
    void write(const std::string& text);

    QString m_path;
    LineFormat m_line;
    std::FILE* m_file = nullptr;
    quint64 m_frames = 0;
    bool m_failed = false;
    QString m_error;
};

}  // namespace ossynapse

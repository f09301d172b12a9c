#include "app/output/text_file_sink.h"

#include <cerrno>
#include <cstring>

#include "app/output/sink_uri.h"

namespace ossynapse {

TextFileSink::TextFileSink(const QString& path, const std::string& header, LineFormat line)
    : m_path(path),
      m_line(std::move(line)),
      m_file(std::fopen(path.toLocal8Bit().constData(), "wb")) {
    if (m_file == nullptr) {
        throw SinkError("cannot create " + path.toStdString() + ": " + std::strerror(errno));
    }
    write(header);
}

TextFileSink::~TextFileSink() {
    finish();
}

void TextFileSink::write(const std::string& text) {
    if (m_file != nullptr && !m_failed &&
        std::fwrite(text.data(), 1, text.size(), m_file) != text.size()) {
        m_failed = true;
        m_error = QString::fromLocal8Bit(std::strerror(errno));
    }
}

void TextFileSink::accept(const Frame& frame) {
    write(m_line(frame));
    ++m_frames;
}

int TextFileSink::finish() {
    if (m_file != nullptr) {
        if (std::fclose(m_file) != 0 && !m_failed) {
            m_failed = true;
            m_error = QString::fromLocal8Bit(std::strerror(errno));
        }
        m_file = nullptr;
    }
    return 0;
}

SinkStatus TextFileSink::status() const {
    return {m_path,
            m_failed ? QStringLiteral("cannot write %1: %2").arg(m_path, m_error)
                     : QStringLiteral("written"),
            m_failed ? 0 : m_frames, m_failed ? 1u : 0u, m_failed};
}

}  // namespace ossynapse

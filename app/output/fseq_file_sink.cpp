// Rendered frames as an FSEQ v2.0 sequence (core/fseq.h), the file xLights renders and Falcon
// Player plays: one channel per LED colour byte in strip order (Frame::rgb), the step time the
// frame rate's period in whole milliseconds, zstd-compressed as xLights writes it or not at all.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

#include "app/output/frame_sink_factory.h"
#include "core/error.h"
#include "core/fseq.h"

namespace ossynapse {

namespace {

class FseqFileSink final : public FrameSink {
  public:
    FseqFileSink(const QString& path, const fseq::WriterOptions& options)
        : m_path(path),
          m_writer(options),
          m_file(std::fopen(path.toLocal8Bit().constData(), "wb")) {
        if (m_file == nullptr) {
            throw SinkError("cannot create " + path.toStdString() + ": " + std::strerror(errno));
        }
        // Frame count, block index and unique id are filled in by finish().
        write(m_writer.start());
    }
    ~FseqFileSink() override { finish(); }

    void accept(const Frame& frame) override {
        if (m_file == nullptr || m_failed) {
            return;
        }
        try {
            write(m_writer.append(frame.rgb));
            ++m_frames;
        } catch (const std::exception& error) {
            fail(QString::fromUtf8(error.what()));
        }
    }

    int finish() override {
        if (m_file == nullptr) {
            return 0;
        }
        if (!m_failed) {
            try {
                const fseq::Writer::Finished done = m_writer.finish();
                write(done.tail);
                if (!m_failed && std::fseek(m_file, 0, SEEK_SET) != 0) {
                    fail(QString::fromLocal8Bit(std::strerror(errno)));
                }
                write(done.header);
            } catch (const std::exception& error) {
                fail(QString::fromUtf8(error.what()));
            }
        }
        if (std::fclose(m_file) != 0 && !m_failed) {
            fail(QString::fromLocal8Bit(std::strerror(errno)));
        }
        m_file = nullptr;
        return 0;
    }

    SinkStatus status() const override {
        return {m_path,
                m_failed ? QStringLiteral("cannot write %1: %2").arg(m_path, m_error)
                         : QStringLiteral("written"),
                m_failed ? 0 : m_frames, m_failed ? 1u : 0u, m_failed};
    }

  private:
    void write(const std::vector<std::uint8_t>& bytes) {
        if (!m_failed && !bytes.empty() &&
            std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size()) {
            fail(QString::fromLocal8Bit(std::strerror(errno)));
        }
    }
    void fail(const QString& error) {
        m_failed = true;
        m_error = error;
    }

    QString m_path;
    fseq::Writer m_writer;
    std::FILE* m_file = nullptr;
    quint64 m_frames = 0;
    bool m_failed = false;
    QString m_error;
};

std::unique_ptr<FrameSink> createFseqFile(const QString& path, const FileSinkOptions& options) {
    const std::optional<std::uint8_t> step = fseq::stepTimeMs(options.fps);
    if (!step) {
        throw SinkError(QStringLiteral("%1 fps gives a step time of %2 ms; an FSEQ file needs a "
                                       "whole number of milliseconds from 1 to 255")
                            .arg(options.fps)
                            .arg(1000.0 / options.fps, 0, 'f', 2)
                            .toStdString());
    }
    if (options.channelCount == 0 ||
        options.channelCount > std::numeric_limits<std::uint32_t>::max()) {
        throw SinkError("an FSEQ file needs frames of 1 to 4294967295 channels, not " +
                        std::to_string(options.channelCount));
    }
    fseq::WriterOptions writer;
    writer.channelCount = static_cast<std::uint32_t>(options.channelCount);
    writer.stepTimeMs = *step;
    if (options.fseqCompression == QLatin1String("zstd")) {
        writer.compression = fseq::Compression::Zstd;
    } else if (options.fseqCompression == QLatin1String("none")) {
        writer.compression = fseq::Compression::None;
    } else {
        throw SinkError("FSEQ compression '" + options.fseqCompression.toStdString() +
                        "' must be zstd or none");
    }
    writer.mediaFile = options.fseqMedia.toStdString();
    writer.producer = "OSSynapse Studio";
    writer.expectedFrames = options.expectedFrames;
    try {
        return std::make_unique<FseqFileSink>(path, writer);
    } catch (const InputError& error) {
        throw SinkError(error.what());
    }
}

}  // namespace

SinkKind fseqFileSinkKind() {
    return {QStringLiteral("fseq"), QStringLiteral("OUT.fseq"),
            QStringLiteral("an FSEQ v2 sequence for xLights and Falcon Player: one channel per LED "
                           "colour byte, zstd or uncompressed"),
            nullptr, createFseqFile};
}

}  // namespace ossynapse

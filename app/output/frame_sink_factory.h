#pragma once

#include <QString>
#include <memory>
#include <vector>

#include "app/output/frame_sink.h"
#include "app/output/sink_uri.h"

namespace ossynapse {

// What `render` knows of the frames it is about to write; each file kind takes what it needs
// (.jsonl and .csv nothing, .fseq the step time and the channel count).
struct FileSinkOptions {
    double fps = 0.0;                // frames per second
    std::size_t channelCount = 0;    // bytes of Frame::rgb in every frame
    std::size_t expectedFrames = 0;  // how many frames are coming, 0 when unknown
    // FSEQ: "zstd" (as xLights writes, the default) or "none"; the 'mf' media file, or empty.
    QString fseqCompression = QStringLiteral("zstd");
    QString fseqMedia;
};

// One kind of output: how the help names it and how to make one. Each kind is defined in its
// own file (ddp_sink.cpp, e131_sink.cpp, …) and listed once in frame_sink_factory.cpp.
struct SinkKind {
    QString scheme;   // the URI scheme, or for a file kind the file suffix
    QString syntax;   // as the help shows it, e.g. "ddp://host[:4048]"
    QString summary;  // what it drives, one sentence
    // A live target (`--to URI`): reads its keys from `uri`; throws SinkError.
    std::unique_ptr<FrameSink> (*create)(SinkUri& uri) = nullptr;
    // A file (`render --out FILE`): throws SinkError when it cannot be created (or `options`
    // do not suit the format).
    std::unique_ptr<FrameSink> (*createFile)(const QString& path,
                                             const FileSinkOptions& options) = nullptr;
};

// Every kind, in the order the help lists them.
const std::vector<SinkKind>& sinkKinds();

// A live target from its URI; throws SinkError naming what is wrong (an unknown scheme or
// option, a bad number, no host). Nothing touches the network until the first frame.
std::unique_ptr<FrameSink> createSink(const QString& uri);
// A file sink chosen by the file's suffix; throws SinkError.
std::unique_ptr<FrameSink> createFileSink(const QString& path, const FileSinkOptions& options = {});

// The help every verb and the studio show: one line per live kind, then the options.
QString sinkHelp();
// The part of sinkHelp after the kinds: the options the network targets take.
QString sinkOptionsHelp();
// The file formats `render --out` writes: ".jsonl (what it holds), .csv (…) or .fseq (…)", or
// with `describe` false only ".jsonl, .csv or .fseq".
QString fileSinkHelp(bool describe = true);

}  // namespace ossynapse

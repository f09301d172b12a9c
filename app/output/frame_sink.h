#pragma once

#include <QObject>
#include <QString>

#include "core/frame.h"
#include "core/token_event.h"

namespace ossynapse {

// One output as its user sees it: the URI (any token hidden), what it is doing in words, and
// how much went out.
struct SinkStatus {
    QString uri;
    // "sending", "resolving host", "unreachable (…)", "not sending: …", "written", …
    QString state;
    quint64 sent = 0;    // frames (or /update posts) that went out without an error
    quint64 errors = 0;  // datagrams, posts or writes that failed
    // Offered something and delivered none of it: `replay` and `stream` exit non-zero when
    // every target failed.
    bool failed = false;
};

// Where frames go: a light controller on the network, the seed's /update, a file. The engine
// (FrameProducer, `render`) offers every frame it computes; what a sink does with them is its
// own rule:
//  - live network sinks keep only the newest frame: frames offered within one engine tick reach
//    the receiver as one (the last), so a stalled engine never sends a burst, and a dead or slow
//    receiver never blocks the caller (sends are non-blocking, hosts resolve asynchronously);
//  - file sinks write every frame, in order.
// Sinks live on the thread that offers them frames and are made by the factory
// (frame_sink_factory.h) from a URI.
class FrameSink : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

    virtual void accept(const Frame& frame) = 0;
    // Each token event as it plays (the seed's /update speaks token rates, not frames).
    virtual void acceptTokens(const TokenEvent& event) { Q_UNUSED(event); }
    // The stream is over: darken the target (a black frame when it was left lit) and release it
    // (E1.31: stream-terminated). Returns the milliseconds the last delayed data still needs
    // before the process may exit. A sink destroyed unfinished darkens at once; offering a frame
    // after finish() starts a new stream.
    virtual int finish() = 0;
    virtual SinkStatus status() const = 0;
};

}  // namespace ossynapse

#pragma once

#include <QHostAddress>
#include <QHostInfo>
#include <QUdpSocket>
#include <cstdint>
#include <memory>
#include <vector>

#include "app/output/frame_sink.h"
#include "app/output/sink_uri.h"

namespace ossynapse {

// How one UDP protocol puts frames into datagrams (DDP, E1.31, Art-Net, OSC): the kind's own
// file.
class UdpProtocol {
  public:
    struct Datagram {
        std::vector<std::uint8_t> bytes;
        QHostAddress to;
    };
    virtual ~UdpProtocol() = default;
    // The datagrams of one frame for the target at `host`; none to skip it (a rate limit).
    virtual std::vector<Datagram> frame(const Frame& frame, const QHostAddress& host) = 0;
    // The datagrams that tell the receiver the stream is over, if the protocol has them.
    virtual std::vector<Datagram> end(const QHostAddress& host) {
        Q_UNUSED(host);
        return {};
    }
};

// What every target on UDP (DDP, E1.31, Art-Net, OSC) shares:
//  - the host resolves asynchronously (QHostInfo::lookupHost) on the first frame; until then
//    the newest frame waits, so a slow DNS stalls nobody;
//  - the newest frame wins: frames offered within one engine tick go out as one, after the
//    tick (as Hyperion's LedDevice::updateLeds does with its pending flag);
//  - ?latency_ms=N delays this target behind the others (a wireless controller lags a wired one);
//  - ?leds=N is the controller's LED count: a rig of another size is flagged and not sent;
//  - finish() sends a black frame when the target was left lit, then the protocol's end
//    (E1.31: stream-terminated), after the latency offset.
// Reads the keys every UDP kind shares (latency_ms, leds); the protocol reads its own.
class UdpSink final : public FrameSink {
    Q_OBJECT
  public:
    UdpSink(SinkUri& uri, quint16 defaultPort, std::unique_ptr<UdpProtocol> protocol);
    ~UdpSink() override;

    void accept(const Frame& frame) final;
    int finish() final;
    SinkStatus status() const final;

  private:
    // Every datagram; false (and counted) when one could not be sent.
    bool write(const std::vector<UdpProtocol::Datagram>& datagrams);
    void startLookup();
    void onLookup(const QHostInfo& info);
    void flush();
    void send(const Frame& frame);
    void darken();

    std::unique_ptr<UdpProtocol> m_protocol;
    QString m_uri;
    QString m_host;
    quint16 m_port;
    int m_latencyMs;
    int m_expectedLeds;
    QHostAddress m_address;
    enum class Lookup { NotNeeded, NotStarted, Pending, Failed } m_lookup = Lookup::NotStarted;
    int m_lookupId = -1;
    QUdpSocket m_socket;
    Frame m_newest;
    bool m_pending = false;      // m_newest is waiting to go out
    bool m_flushQueued = false;  // a flush is posted for after this tick
    bool m_lit = false;          // the last frame sent had a byte above 0
    Frame m_black;               // the last frame sent, darkened
    bool m_open = false;         // sent since the last darken(): there is a stream to end
    quint64 m_accepted = 0;
    quint64 m_sent = 0;
    quint64 m_errors = 0;
    QString m_lastError;
    QString m_mismatch;
};

}  // namespace ossynapse

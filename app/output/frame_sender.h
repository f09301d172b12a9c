#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QUdpSocket>
#include <memory>
#include <optional>

#include "core/e131.h"
#include "core/frame.h"

namespace ossynapse {

// Where frames go, as given on the command line or in the studio: ddp://host[:4048],
// e131://host[:5568][?universe=N] (a 239.255.x.x host is multicast), seed-http://host:port
// (the seed's POST /update token rates, for an original GPT-OSSynapse Pi), each optionally with
// &latency_ms=N to delay it behind the others (a wireless controller lags a wired one) and
// &leds=N, the controller's LED count: a rig of another size is flagged and not sent.
struct OutputTarget {
    enum class Protocol { Ddp, E131, SeedHttp };
    Protocol protocol = Protocol::Ddp;
    QString host;
    quint16 port = 0;
    quint16 universe = 1;
    quint8 priority = e131::kDefaultPriority;
    int latencyMs = 0;
    int expectedLeds = 0;  // ?leds=N: the controller's LED count; 0 = not checked
    QString uri;
};

// Throws std::runtime_error naming what is wrong with the URI.
OutputTarget parseOutputTarget(const QString& uri);

// Sends frames to one target over UDP. A target that cannot be reached only counts errors:
// it never blocks the others or the engine.
class FrameSender : public QObject {
    Q_OBJECT
  public:
    explicit FrameSender(OutputTarget target, QObject* parent = nullptr);
    ~FrameSender() override;

    const OutputTarget& target() const { return m_target; }
    void send(const Frame& frame);
    // The stream is over: E1.31 receivers are told to release at once.
    void finish();
    quint64 framesSent() const { return m_framesSent; }
    quint64 errors() const { return m_errors; }
    QString state() const;

  private:
    void transmit(const std::vector<std::uint8_t>& rgb);
    void write(const std::vector<std::uint8_t>& datagram, const QHostAddress& address);
    // Multicast sends each universe to its own group (239.255.hi.lo); unicast to the host.
    QHostAddress e131Destination(std::uint16_t universe) const;
    std::vector<std::uint8_t> e131Packet(std::span<const std::uint8_t> data,
                                         std::uint16_t universe,
                                         std::uint8_t options);

    OutputTarget m_target;
    QHostAddress m_address;
    QUdpSocket m_socket;
    std::uint8_t m_ddpSequence = 0;
    std::uint8_t m_e131Sequence = 0;
    std::size_t m_e131Universes = 1;  // universes the last frame spanned, all released on finish
    e131::Cid m_cid{};
    quint64 m_framesSent = 0;
    quint64 m_errors = 0;
    QString m_lastError;
    QString m_mismatch;
};

}  // namespace ossynapse

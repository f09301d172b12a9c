#pragma once

#include <QElapsedTimer>
#include <QHostAddress>
#include <QNetworkDatagram>
#include <QObject>
#include <QUdpSocket>
#include <map>
#include <utility>
#include <vector>

#include "core/e131.h"
#include "hardware/daemon_config.h"

namespace ossynapse::hw {

// Receives LED frames over DDP, E1.31 and Art-Net and says when a whole frame has arrived. Anything
// malformed, oversized, from a sender not on the allow-list, or outranked by a higher-priority
// E1.31 source is counted and dropped; nothing it receives can crash it or light garbage.
// E1.31 packets that arrive late or twice (a sequence number not newer than the last one from
// that source on that universe) are dropped as the standard asks.
// Valid traffic meant for someone else (DDP discovery and status, E1.31 synchronization,
// discovery, per-address priority, preview data and other universes) is counted as ignored: it
// is not a fault and is not reported as one.
// Art-Net (ArtDmx) is read as E1.31 is, universe by universe from the configured first
// port-address; it has no priority, so the first sender (by address) keeps its universes until
// it is silent for 2.5 s, and other senders meanwhile are dropped and named. An ArtPoll is
// answered with one ArtPollReply per universe of the frame (BindIndex 1, 2, ...), sent to the
// poller's address and port, so a console's node list shows the skull and its port-addresses;
// other Art-Net OpCodes (ArtSync, ArtAddress, ...) are counted as ignored.
// The protocols never mix: the first protocol to deliver a whole frame owns the output until
// it has delivered none for the timeout (DaemonConfig::timeoutS, the same silence that turns
// the lights off); meanwhile the other protocol's frames are counted as ignored and reported
// through heldOff(), and after that silence the next frame of either takes the output. An
// E1.31 stream-terminated packet hands the output back at once, and releases the lights only
// when E1.31 has them.
// Pixel data beyond the configured LEDs is clipped (shown up to the last LED, as WLED and FPP
// do: a controller configured for a longer strip still lights ours) and its bytes counted.
class FrameReceiver : public QObject {
    Q_OBJECT
  public:
    struct Counters {
        quint64 packets = 0;
        quint64 frames = 0;
        quint64 dropped = 0;
        quint64 ignored = 0;        // valid, but not levels for us (or the other protocol owns)
        quint64 clippedBytes = 0;   // pixel data beyond the configured LEDs, not shown
        quint64 pollsAnswered = 0;  // ArtPolls, each answered with one reply a universe
    };

    explicit FrameReceiver(const DaemonConfig& config, QObject* parent = nullptr);
    // Throws std::runtime_error when a port cannot be bound.
    void start();
    const Counters& counters() const { return m_counters; }
    quint16 ddpPort() const { return m_ddp.localPort(); }
    quint16 e131Port() const { return m_e131.localPort(); }
    quint16 artnetPort() const { return m_artnet.localPort(); }

  signals:
    void frameReady(const std::vector<std::uint8_t>& rgb, const QString& source);
    // A sender said it is done (E1.31 stream terminated): release the lights at once.
    void released();
    void dropped(const QString& why);
    // A whole frame not shown because the other protocol owns the output (counted as ignored).
    void heldOff(const QString& why);

  private:
    void readDdp();
    void readE131();
    void readArtnet();
    void answerArtPoll(const QNetworkDatagram& poll);
    bool allowed(const QHostAddress& sender) const;
    // False (and counted) when the packet is older than the last from its source on its universe.
    bool newerInSequence(const e131::Packet& packet);
    void drop(const QString& why);
    void ignore() { ++m_counters.ignored; }
    enum class Protocol { None, Ddp, E131, Artnet };
    // True when a whole frame of `protocol` may be shown now (and it then owns the output);
    // false, counted and reported, while the other protocol owns it.
    bool owns(Protocol protocol);

    DaemonConfig m_config;
    QUdpSocket m_ddp;
    QUdpSocket m_e131;
    QUdpSocket m_artnet;
    Counters m_counters;
    std::size_t m_frameBytes;
    std::vector<std::uint8_t> m_ddpFrame;
    bool m_ddpSawPush = false;
    std::vector<std::uint8_t> m_e131Frame;
    std::vector<bool> m_e131Seen;
    e131::Cid m_e131Source{};
    std::uint8_t m_e131Priority = 0;
    QElapsedTimer m_e131SourceSeen;
    struct LastSequence {
        std::uint8_t sequence = 0;
        QElapsedTimer seen;
    };
    // Per source (CID) and universe, only for our universes; bounded (see newerInSequence).
    std::map<std::pair<e131::Cid, std::uint16_t>, LastSequence> m_e131Sequences;
    std::vector<std::uint8_t> m_artnetFrame;
    std::vector<bool> m_artnetSeen;
    QHostAddress m_artnetSource;
    QElapsedTimer m_artnetSourceSeen;
    // The last sequence per port-address of the current source (0: not sequenced yet).
    std::vector<std::uint8_t> m_artnetSequences;
    Protocol m_owner = Protocol::None;
    QElapsedTimer m_ownerSeen;  // since the owner's last frame
};

}  // namespace ossynapse::hw

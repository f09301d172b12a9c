#include <QTest>
#include <numeric>

#include "core/artnet.h"
#include "core/ddp.h"
#include "core/dmx_universe.h"
#include "core/e131.h"
#include "core/ws2812.h"

using namespace ossynapse;

namespace {

// A DDP data packet with push, of `type` at byte `offset`.
std::vector<std::uint8_t> ddpPacket(std::uint8_t type,
                                    std::uint32_t offset,
                                    const std::vector<std::uint8_t>& data) {
    std::vector<std::uint8_t> packet = {0x41,
                                        0x01,
                                        type,
                                        0x01,
                                        static_cast<std::uint8_t>(offset >> 24),
                                        static_cast<std::uint8_t>(offset >> 16),
                                        static_cast<std::uint8_t>(offset >> 8),
                                        static_cast<std::uint8_t>(offset),
                                        static_cast<std::uint8_t>(data.size() >> 8),
                                        static_cast<std::uint8_t>(data.size())};
    packet.insert(packet.end(), data.begin(), data.end());
    return packet;
}

std::vector<std::uint8_t> ramp(std::size_t bytes) {
    std::vector<std::uint8_t> data(bytes);
    std::iota(data.begin(), data.end(), std::uint8_t{0});
    return data;
}

}  // namespace

class TestCodecs : public QObject {
    Q_OBJECT
  private slots:
    // The spec's golden example: 3 RGB pixels in one packet.
    void ddpHeaderByteByByte() {
        const std::vector<std::uint8_t> rgb = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        const auto packets = ddp::encodeFrame(rgb, 1);
        QCOMPARE(packets.size(), std::size_t{1});
        const std::vector<std::uint8_t> expected = {0x41, 0x01, 0x0B, 0x01, 0, 0, 0, 0, 0, 9,
                                                    1,    2,    3,    4,    5, 6, 7, 8, 9};
        QVERIFY(packets[0] == expected);
    }

    void ddpFramesLargerThanAPacket_data() {
        QTest::addColumn<int>("bytes");
        QTest::addColumn<int>("packets");
        QTest::newRow("one LED") << 3 << 1;
        QTest::newRow("exactly 480 LEDs") << 1440 << 1;
        QTest::newRow("481 LEDs") << 1443 << 2;
        QTest::newRow("2000 LEDs") << 6000 << 5;
    }
    void ddpFramesLargerThanAPacket() {
        QFETCH(int, bytes);
        QFETCH(int, packets);
        const auto rgb = ramp(static_cast<std::size_t>(bytes));
        const auto encoded = ddp::encodeFrame(rgb, 7);
        QCOMPARE(static_cast<int>(encoded.size()), packets);
        std::vector<std::uint8_t> reassembled(rgb.size());
        for (std::size_t i = 0; i < encoded.size(); ++i) {
            std::string error;
            const auto packet = ddp::decode(encoded[i], &error);
            QVERIFY2(packet.has_value(), error.c_str());
            QCOMPARE(packet->push(), i + 1 == encoded.size());  // push on the last only
            QCOMPARE(packet->sequence, std::uint8_t{7});
            QVERIFY(packet->data.size() <= ddp::kMaxData);
            std::copy(packet->data.begin(), packet->data.end(),
                      reassembled.begin() + packet->offset);
        }
        QVERIFY(reassembled == rgb);
    }

    void ddpSequenceWrapsFrom15To1() {
        QCOMPARE(ddp::nextSequence(1), std::uint8_t{2});
        QCOMPARE(ddp::nextSequence(14), std::uint8_t{15});
        QCOMPARE(ddp::nextSequence(15), std::uint8_t{1});
        QCOMPARE(ddp::nextSequence(0), std::uint8_t{1});
    }

    void ddpRefusesWhatIsNotPixelData_data() {
        QTest::addColumn<QByteArray>("datagram");
        QTest::addColumn<QString>("error");
        QTest::addColumn<bool>("notForUs");
        QTest::newRow("short") << QByteArray("\x41\x01\x0b", 3)
                               << "shorter than the 10-byte DDP header" << false;
        QTest::newRow("wrong version") << QByteArray("\x81\x01\x0b\x01\0\0\0\0\0\x03\1\2\3", 13)
                                       << "not DDP version 1" << false;
        QTest::newRow("length past end")
            << QByteArray("\x41\x01\x0b\x01\0\0\0\0\x05\xdc\1\2\3", 13)
            << "the length field runs past the end of the datagram" << false;
        QTest::newRow("query") << QByteArray("\x43\x01\x0b\x01\0\0\0\0\0\0", 10)
                               << "a query (discovery or status request), not pixel data" << true;
        QTest::newRow("config destination")
            << QByteArray("\x41\x01\x0b\xfa\0\0\0\0\0\0", 10)
            << "for id 250 (JSON control, config or status, or DMX transit), not a display" << true;
        QTest::newRow("HSL, 8 bits (0x13)")
            << QByteArray("\x41\x01\x13\x01\0\0\0\0\0\x03\1\2\3", 13)
            << "unsupported data type 0x13 (HSL, 8-bit elements); RGB 0x0B, RGBW 0x1B and 0x00 "
               "are shown"
            << false;
        QTest::newRow("RGB, 16 bits (0x0C)")
            << QByteArray("\x41\x01\x0c\x01\0\0\0\0\0\x06\1\2\3\4\5\6", 16)
            << "unsupported data type 0x0C (RGB, 16-bit elements); RGB 0x0B, RGBW 0x1B and 0x00 "
               "are shown"
            << false;
        QTest::newRow("RGB, element size undefined (0x08)")
            << QByteArray("\x41\x01\x08\x01\0\0\0\0\0\x03\1\2\3", 13)
            << "unsupported data type 0x08 (RGB, undefined elements); RGB 0x0B, RGBW 0x1B and "
               "0x00 are shown"
            << false;
        QTest::newRow("customer-defined (0x8B)")
            << QByteArray("\x41\x01\x8b\x01\0\0\0\0\0\x03\1\2\3", 13)
            << "unsupported data type 0x8B (customer-defined RGB, 8-bit elements); RGB 0x0B, "
               "RGBW 0x1B and 0x00 are shown"
            << false;
        QTest::newRow("RGBW at an offset inside a pixel")
            << QByteArray("\x41\x01\x1b\x01\0\0\0\x02\0\x04\1\2\3\4", 14)
            << "RGBW data (type 0x1B) not in whole 4-byte pixels" << false;
        QTest::newRow("RGBW, half a pixel")
            << QByteArray("\x41\x01\x1b\x01\0\0\0\0\0\x06\1\2\3\4\5\6", 16)
            << "RGBW data (type 0x1B) not in whole 4-byte pixels" << false;
        QTest::newRow("status query, as a controller discovers displays")
            << QByteArray("\x42\x00\x00\xfb\0\0\0\0\0\0", 10)
            << "a query (discovery or status request), not pixel data" << true;
        QTest::newRow("a display's status reply")
            << QByteArray("\x45\x00\x00\xfb\0\0\0\0\0\x02{}", 12)
            << "a reply from a display, not pixel data" << true;
        QTest::newRow("DMX transit") << QByteArray("\x41\x01\x00\xfe\0\0\0\x01\0\x01\0", 11)
                                     << "for id 254 (JSON control, config or status, or DMX "
                                        "transit), not a display"
                                     << true;
        QTest::newRow("data from storage")
            << QByteArray("\x49\x01\x0b\x01\0\0\0\0\0\x01x", 11)
            << "data from the display's storage, which we do not have" << false;
    }

    void ddpRefusesWhatIsNotPixelData() {
        QFETCH(QByteArray, datagram);
        QFETCH(QString, error);
        QFETCH(bool, notForUs);
        std::string why;
        ddp::Refusal refusal = notForUs ? ddp::Refusal::Unusable : ddp::Refusal::NotForUs;
        const auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(datagram.constData()),
                                     static_cast<std::size_t>(datagram.size()));
        QVERIFY(!ddp::decode(bytes, &why, &refusal));
        QCOMPARE(QString::fromStdString(why), error);
        QCOMPARE(refusal, notForUs ? ddp::Refusal::NotForUs : ddp::Refusal::Unusable);
    }

    // Each data type we show, written into a strip of `leds` LEDs: RGB byte for byte, RGBW a
    // pixel at a time with its white added to R, G and B; what lies beyond is counted.
    void ddpWritesPixelsOfEachType_data() {
        using Bytes = std::vector<std::uint8_t>;
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("offset");
        QTest::addColumn<Bytes>("data");
        QTest::addColumn<int>("leds");
        QTest::addColumn<Bytes>("rgb");
        QTest::addColumn<int>("clipped");
        QTest::newRow("RGB 8 bits (0x0B)")
            << 0x0B << 0 << Bytes{1, 2, 3, 4, 5, 6} << 2 << Bytes{1, 2, 3, 4, 5, 6} << 0;
        QTest::newRow("undefined (0x00), as xLights and FPP send RGB")
            << 0x00 << 0 << Bytes{1, 2, 3, 4, 5, 6} << 2 << Bytes{1, 2, 3, 4, 5, 6} << 0;
        QTest::newRow("RGB at a byte offset inside a pixel")
            << 0x0B << 1 << Bytes{7, 8} << 1 << Bytes{0, 7, 8} << 0;
        QTest::newRow("RGB beyond the last LED")
            << 0x0B << 3 << Bytes{1, 2, 3, 4, 5, 6} << 2 << Bytes{0, 0, 0, 1, 2, 3} << 3;
        QTest::newRow("RGBW (0x1B): white added to R, G and B, saturating at 255")
            << 0x1B << 0 << Bytes{0x10, 0x20, 0xF0, 0x20, 0xFF, 0, 0, 0} << 2
            << Bytes{0x30, 0x40, 0xFF, 0xFF, 0, 0} << 0;
        QTest::newRow("RGBW at offset 4 starts at LED 1")
            << 0x1B << 4 << Bytes{1, 2, 3, 0} << 2 << Bytes{0, 0, 0, 1, 2, 3} << 0;
        QTest::newRow("RGBW beyond the last LED, clipped in whole pixels")
            << 0x1B << 4 << Bytes{1, 2, 3, 0, 4, 5, 6, 0} << 2 << Bytes{0, 0, 0, 1, 2, 3} << 4;
    }
    void ddpWritesPixelsOfEachType() {
        using Bytes = std::vector<std::uint8_t>;
        QFETCH(int, type);
        QFETCH(int, offset);
        QFETCH(Bytes, data);
        QFETCH(int, leds);
        QFETCH(Bytes, rgb);
        QFETCH(int, clipped);
        std::string error;
        const auto packet = ddp::decode(
            ddpPacket(static_cast<std::uint8_t>(type), static_cast<std::uint32_t>(offset), data),
            &error);
        QVERIFY2(packet.has_value(), error.c_str());
        Bytes strip(static_cast<std::size_t>(leds) * 3, 0);
        QCOMPARE(ddp::writePixels(*packet, strip), static_cast<std::size_t>(clipped));
        QCOMPARE(strip, rgb);
    }

    // Offsets and values from the E1.31 layout (as WLED and OLA parse it).
    void e131HeaderByteByByte() {
        e131::Packet packet;
        packet.cid = {0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78,
                      0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0};
        packet.sourceName = "OSSynapse Studio";
        packet.priority = 150;
        packet.sequence = 42;
        packet.options = e131::kOptionStreamTerminated;
        packet.universe = 0x0102;
        packet.data = {10, 20, 30};
        const auto out = e131::encode(packet);
        QCOMPARE(out.size(), std::size_t{129});
        QCOMPARE(out[0], std::uint8_t{0x00});
        QCOMPARE(out[1], std::uint8_t{0x10});  // preamble size
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(out.data() + 4), 12),
                 QByteArray("ASC-E1.17\0\0\0", 12));
        QCOMPARE(out[16], std::uint8_t{0x70});  // root flags and length = 129 - 16 = 113
        QCOMPARE(out[17], std::uint8_t{113});
        QCOMPARE(out[21], std::uint8_t{0x04});  // root vector
        QCOMPARE(out[22], std::uint8_t{0x0f});  // CID
        QCOMPARE(out[37], std::uint8_t{0xf0});
        QCOMPARE(out[38], std::uint8_t{0x70});  // framing flags and length = 129 - 38 = 91
        QCOMPARE(out[39], std::uint8_t{91});
        QCOMPARE(out[43], std::uint8_t{0x02});  // framing vector
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(out.data() + 44)),
                 QByteArray("OSSynapse Studio"));
        QCOMPARE(out[108], std::uint8_t{150});   // priority
        QCOMPARE(out[111], std::uint8_t{42});    // sequence
        QCOMPARE(out[112], std::uint8_t{0x40});  // options: stream terminated
        QCOMPARE(out[113], std::uint8_t{0x01});  // universe
        QCOMPARE(out[114], std::uint8_t{0x02});
        QCOMPARE(out[115], std::uint8_t{0x70});  // DMP flags and length = 129 - 115 = 14
        QCOMPARE(out[116], std::uint8_t{14});
        QCOMPARE(out[117], std::uint8_t{0x02});
        QCOMPARE(out[118], std::uint8_t{0xa1});
        QCOMPARE(out[122], std::uint8_t{0x01});  // address increment
        QCOMPARE(out[124], std::uint8_t{4});     // property count = 3 slots + start code
        QCOMPARE(out[125], std::uint8_t{0});     // start code
        QCOMPARE(out[126], std::uint8_t{10});

        const auto decoded = e131::decode(out);
        QVERIFY(decoded.has_value());
        QCOMPARE(decoded->cid, packet.cid);
        QCOMPARE(decoded->sourceName, packet.sourceName);
        QCOMPARE(decoded->universe, packet.universe);
        QVERIFY(decoded->streamTerminated());
        QVERIFY(decoded->data == packet.data);
    }

    void e131FramesOverUniverses_data() {
        QTest::addColumn<int>("bytes");
        QTest::addColumn<int>("universes");
        QTest::newRow("156 LEDs") << 468 << 1;
        QTest::newRow("170 LEDs") << 510 << 1;
        QTest::newRow("171 LEDs") << 513 << 2;
        QTest::newRow("600 LEDs") << 1800 << 4;
    }
    void e131FramesOverUniverses() {
        QFETCH(int, bytes);
        QFETCH(int, universes);
        const auto rgb = ramp(static_cast<std::size_t>(bytes));
        QCOMPARE(static_cast<int>(dmx::universesFor(rgb.size())), universes);
        std::vector<std::uint8_t> joined;
        for (int u = 0; u < universes; ++u) {
            const auto slice = dmx::universeSlice(rgb, static_cast<std::size_t>(u));
            QVERIFY(slice.size() <= dmx::kChannelsPerUniverse);
            QCOMPARE(slice.size() % 3, std::size_t{0});  // no LED split across universes
            e131::Packet packet;
            packet.universe = static_cast<std::uint16_t>(7 + u);
            packet.data.assign(slice.begin(), slice.end());
            const auto decoded = e131::decode(e131::encode(packet));
            QVERIFY(decoded.has_value());
            QCOMPARE(decoded->universe, packet.universe);
            joined.insert(joined.end(), decoded->data.begin(), decoded->data.end());
        }
        QVERIFY(joined == rgb);
    }

    void e131RefusesHostilePackets() {
        e131::Packet packet;
        packet.data = {1, 2, 3};
        auto good = e131::encode(packet);
        QVERIFY(e131::decode(good));
        std::string why;
        auto shortPacket = good;
        shortPacket.resize(100);
        QVERIFY(!e131::decode(shortPacket, &why));
        QCOMPARE(why, std::string("shorter than the 126-byte E1.31 header"));
        auto badCount = good;
        badCount[124] = 200;  // claims 199 slots
        QVERIFY(!e131::decode(badCount, &why));
        QCOMPARE(why, std::string("the property count does not fit the datagram"));
        auto zeroUniverse = good;
        zeroUniverse[113] = 0;
        zeroUniverse[114] = 0;
        QVERIFY(!e131::decode(zeroUniverse, &why));
        auto notAcn = good;
        notAcn[4] = 'X';
        QVERIFY(!e131::decode(notAcn, &why));
        QCOMPARE(why, std::string("not an ACN packet"));
    }

    // Valid E1.31 that carries no levels: refused as not for us, so the receiver counts it
    // as ignored. Laid out by hand from E1.31-2018 §4.2 (synchronization) and §4.3 (discovery).
    void e131TrafficNotForUs_data() {
        QTest::addColumn<QByteArray>("datagram");
        QTest::addColumn<QString>("error");
        QTest::addColumn<bool>("notForUs");
        e131::Packet packet;
        packet.data = {1, 2, 3};
        const auto data = e131::encode(packet);
        QByteArray perAddress(reinterpret_cast<const char*>(data.data()),
                              static_cast<qsizetype>(data.size()));
        perAddress[125] = static_cast<char>(0xDD);
        QTest::newRow("per-address priority (0xDD)")
            << perAddress << "per-address priority (start code 0xDD), not levels" << true;
        QByteArray textPacket = perAddress;
        textPacket[125] = 0x17;
        QTest::newRow("text (0x17), a start code we do not read")
            << textPacket << "not DMX levels (start code 23)" << false;
        // The root layer of a data packet, with the extended vector and a length of `size`.
        const auto extended = [&](int size, char vector) {
            QByteArray out = perAddress.left(38);
            out.resize(size, '\0');
            out[16] = static_cast<char>(0x70 | ((size - 16) >> 8));
            out[17] = static_cast<char>(size - 16);
            out[21] = 0x08;  // VECTOR_ROOT_E131_EXTENDED
            out[38] = static_cast<char>(0x70 | ((size - 38) >> 8));
            out[39] = static_cast<char>(size - 38);
            out[43] = vector;
            return out;
        };
        QTest::newRow("synchronization (49 bytes)")
            << extended(49, 0x01) << "a synchronization packet, not levels" << true;
        QByteArray discovery = extended(122, 0x02);
        discovery[112] = 0x70;
        discovery[113] = 122 - 112;
        discovery[117] = 0x01;  // VECTOR_UNIVERSE_DISCOVERY_UNIVERSE_LIST
        discovery[121] = 0x01;  // universe 1
        QTest::newRow("universe discovery, one universe")
            << discovery << "a universe discovery packet, not levels" << true;
        QTest::newRow("extended, unknown vector")
            << extended(49, 0x07) << "an extended E1.31 packet of unknown vector" << false;
    }
    void e131TrafficNotForUs() {
        QFETCH(QByteArray, datagram);
        QFETCH(QString, error);
        QFETCH(bool, notForUs);
        std::string why;
        e131::Refusal refusal = notForUs ? e131::Refusal::Unusable : e131::Refusal::NotForUs;
        QVERIFY(!e131::decode(std::span(reinterpret_cast<const std::uint8_t*>(datagram.constData()),
                                        static_cast<std::size_t>(datagram.size())),
                              &why, &refusal));
        QCOMPARE(QString::fromStdString(why), error);
        QCOMPARE(refusal, notForUs ? e131::Refusal::NotForUs : e131::Refusal::Unusable);
    }

    // E1.31-2018 §6.7.2: (next - last) mod 256 as a signed byte in (-20, 0] is old.
    void e131SequenceIsNewer_data() {
        QTest::addColumn<int>("last");
        QTest::addColumn<int>("next");
        QTest::addColumn<bool>("newer");
        QTest::newRow("next") << 10 << 11 << true;
        QTest::newRow("repeated") << 10 << 10 << false;
        QTest::newRow("one late") << 10 << 9 << false;
        QTest::newRow("19 back") << 100 << 81 << false;
        QTest::newRow("20 back: a restarted sender") << 100 << 80 << true;
        QTest::newRow("21 back: a restarted sender") << 100 << 79 << true;
        QTest::newRow("255 to 0 wraps forward") << 255 << 0 << true;
        QTest::newRow("0 after 5, across the wrap") << 5 << 0 << false;
        QTest::newRow("250 after 5, 11 back across the wrap") << 5 << 250 << false;
        QTest::newRow("127 ahead") << 0 << 127 << true;
        QTest::newRow("128 ahead reads as 128 back") << 0 << 128 << true;
    }
    void e131SequenceIsNewer() {
        QFETCH(int, last);
        QFETCH(int, next);
        QFETCH(bool, newer);
        QCOMPARE(
            e131::sequenceIsNewer(static_cast<std::uint8_t>(last), static_cast<std::uint8_t>(next)),
            newer);
    }

    void e131MulticastGroup() {
        QCOMPARE(e131::multicastGroup(1), std::string("239.255.0.1"));
        QCOMPARE(e131::multicastGroup(0x0203), std::string("239.255.2.3"));
    }

    // Offsets and values from Art-Net 4's ArtDmx table (as OLA's ArtNetNode and WLED read it):
    // the OpCode low byte first, everything else high byte first.
    void artnetHeaderByteByByte() {
        artnet::Dmx packet;
        packet.sequence = 42;
        packet.physical = 3;
        packet.portAddress = 0x1234;  // Net 0x12, Sub-Net 3, Universe 4
        packet.data = {10, 20, 30, 40};
        const auto out = artnet::encode(packet);
        QCOMPARE(out.size(), std::size_t{22});
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(out.data()), 8),
                 QByteArray("Art-Net\0", 8));
        QCOMPARE(out[8], std::uint8_t{0x00});  // OpDmx 0x5000, low byte first
        QCOMPARE(out[9], std::uint8_t{0x50});
        QCOMPARE(out[10], std::uint8_t{0});  // protocol version 14, high byte first
        QCOMPARE(out[11], std::uint8_t{14});
        QCOMPARE(out[12], std::uint8_t{42});    // sequence
        QCOMPARE(out[13], std::uint8_t{3});     // physical
        QCOMPARE(out[14], std::uint8_t{0x34});  // SubUni
        QCOMPARE(out[15], std::uint8_t{0x12});  // Net
        QCOMPARE(out[16], std::uint8_t{0});     // length, high byte first
        QCOMPARE(out[17], std::uint8_t{4});
        QCOMPARE(out[18], std::uint8_t{10});
        QCOMPARE(out[21], std::uint8_t{40});

        const auto decoded = artnet::decode(out);
        QVERIFY(decoded.has_value());
        QCOMPARE(decoded->sequence, packet.sequence);
        QCOMPARE(decoded->physical, packet.physical);
        QCOMPARE(decoded->portAddress, packet.portAddress);
        QVERIFY(decoded->data == packet.data);
    }

    // Offsets from Art-Net 4's ArtPollReply table: what a console shows of the skull when it
    // discovers the network.
    void artnetPollReplyByteByByte() {
        artnet::PollReply reply;
        reply.ip = {192, 168, 1, 40};
        reply.firmware = 0x0102;
        reply.portAddress = 0x1234;  // Net 0x12, Sub-Net 3, Universe 4
        reply.receiving = true;
        reply.bindIndex = 2;
        reply.shortName = "OSSynapse skull, a long name";
        reply.longName = "OSSynapse LED daemon";
        reply.nodeReport = "#0001 [0007] ok";
        const auto out = artnet::encodePollReply(reply);
        QCOMPARE(out.size(), std::size_t{239});
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(out.data()), 8),
                 QByteArray("Art-Net\0", 8));
        QCOMPARE(out[8], std::uint8_t{0x00});  // OpPollReply 0x2100, low byte first
        QCOMPARE(out[9], std::uint8_t{0x21});
        QCOMPARE(out[10], std::uint8_t{192});  // IP address
        QCOMPARE(out[13], std::uint8_t{40});
        QCOMPARE(out[14], std::uint8_t{0x36});  // port 6454 = 0x1936, low byte first
        QCOMPARE(out[15], std::uint8_t{0x19});
        QCOMPARE(out[16], std::uint8_t{0x01});  // VersInfo, high byte first
        QCOMPARE(out[17], std::uint8_t{0x02});
        QCOMPARE(out[18], std::uint8_t{0x12});  // NetSwitch
        QCOMPARE(out[19], std::uint8_t{0x03});  // SubSwitch
        QCOMPARE(out[21], std::uint8_t{0xFF});  // Oem "unknown"
        // ShortName: 17 bytes of text and a NUL.
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(out.data()) + 26, 18),
                 QByteArray("OSSynapse skull, \0", 18));
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(out.data()) + 44),
                 QByteArray("OSSynapse LED daemon"));
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(out.data()) + 108),
                 QByteArray("#0001 [0007] ok"));
        QCOMPARE(out[172], std::uint8_t{0});  // NumPorts, high byte first
        QCOMPARE(out[173], std::uint8_t{1});
        QCOMPARE(out[174], std::uint8_t{0x80});  // PortTypes[0]: output, DMX512
        QCOMPARE(out[182], std::uint8_t{0x80});  // GoodOutputA[0]: data being output
        QCOMPARE(out[190], std::uint8_t{0x04});  // SwOut[0]: the universe nibble
        QCOMPARE(out[200], std::uint8_t{0x00});  // Style: StNode
        QCOMPARE(out[207], std::uint8_t{192});   // BindIp
        QCOMPARE(out[211], std::uint8_t{2});     // BindIndex
        QCOMPARE(out[212] & 0x08, 0x08);         // Status2: 15-bit port-addresses
        reply.receiving = false;
        QCOMPARE(artnet::encodePollReply(reply)[182], std::uint8_t{0x00});
    }

    void artnetPollIsRecognised_data() {
        QTest::addColumn<QByteArray>("datagram");
        QTest::addColumn<bool>("isPoll");
        QTest::addColumn<int>("flags");
        const QByteArray id("Art-Net\0", 8);
        QTest::newRow("Art-Net 4 poll")
            << id + QByteArray("\x00\x20\x00\x0e\x02\x10", 6) << true << 2;
        QTest::newRow("no DiagPriority (before Art-Net 3)")
            << id + QByteArray("\x00\x20\x00\x0e\x00", 5) << true << 0;
        QTest::newRow("no Flags either") << id + QByteArray("\x00\x20\x00\x0e", 4) << true << 0;
        QTest::newRow("cut in the version") << id + QByteArray("\x00\x20\x00", 3) << false << 0;
        QTest::newRow("protocol version 13")
            << id + QByteArray("\x00\x20\x00\x0d\x00\x00", 6) << false << 0;
        QTest::newRow("an ArtDmx") << id + QByteArray("\x00\x50\x00\x0e\x00\x00", 6) << false << 0;
        QTest::newRow("an ArtPollReply")
            << id + QByteArray("\x00\x21\x00\x0e\x00\x00", 6) << false << 0;
        QTest::newRow("another protocol")
            << QByteArray("Art-Nat\0\x00\x20\x00\x0e", 12) << false << 0;
    }
    void artnetPollIsRecognised() {
        QFETCH(QByteArray, datagram);
        QFETCH(bool, isPoll);
        QFETCH(int, flags);
        const auto poll = artnet::decodePoll(std::span(
            reinterpret_cast<const std::uint8_t*>(datagram.constData()), datagram.size()));
        QCOMPARE(poll.has_value(), isPoll);
        if (poll) {
            QCOMPARE(int(poll->flags), flags);
        }
    }

    // The spec's length is even, 2 to 512: an odd count gets one zero level, none gets two.
    void artnetEvenLength_data() {
        QTest::addColumn<int>("levels");
        QTest::addColumn<int>("length");
        QTest::newRow("none") << 0 << 2;
        QTest::newRow("one") << 1 << 2;
        QTest::newRow("three (one RGB LED)") << 3 << 4;
        QTest::newRow("468 (156 LEDs)") << 468 << 468;
        QTest::newRow("510 (170 LEDs)") << 510 << 510;
        QTest::newRow("511") << 511 << 512;
        QTest::newRow("600: cut to 512") << 600 << 512;
    }
    void artnetEvenLength() {
        QFETCH(int, levels);
        QFETCH(int, length);
        artnet::Dmx packet;
        packet.data = ramp(static_cast<std::size_t>(levels));
        const auto out = artnet::encode(packet);
        QCOMPARE(static_cast<int>(out.size()), 18 + length);
        QCOMPARE(out[16] << 8 | out[17], length);
        const auto decoded = artnet::decode(out);
        QVERIFY(decoded.has_value());
        QCOMPARE(static_cast<int>(decoded->data.size()), length);
        const int kept = std::min(levels, 512);
        QVERIFY(
            std::equal(decoded->data.begin(), decoded->data.begin() + kept, packet.data.begin()));
        QVERIFY(std::all_of(decoded->data.begin() + kept, decoded->data.end(),
                            [](std::uint8_t b) { return b == 0; }));
    }

    void artnetFramesOverUniverses() {
        const auto rgb = ramp(1800);  // 600 LEDs: four universes
        std::vector<std::uint8_t> joined;
        for (std::size_t u = 0; u < dmx::universesFor(rgb.size()); ++u) {
            artnet::Dmx packet;
            packet.portAddress = static_cast<std::uint16_t>(15 + u);  // across a Sub-Net edge
            const auto slice = dmx::universeSlice(rgb, u);
            packet.data.assign(slice.begin(), slice.end());
            const auto decoded = artnet::decode(artnet::encode(packet));
            QVERIFY(decoded.has_value());
            QCOMPARE(decoded->portAddress, packet.portAddress);
            joined.insert(joined.end(), decoded->data.begin(),
                          decoded->data.begin() + static_cast<std::ptrdiff_t>(slice.size()));
        }
        QVERIFY(joined == rgb);
    }

    void artnetRefusesHostilePackets_data() {
        QTest::addColumn<int>("at");  // byte to change, -1: cut the datagram to `value`
        QTest::addColumn<int>("value");
        QTest::addColumn<QString>("error");
        QTest::newRow("cut inside the header")
            << -1 << 15 << "shorter than the 18-byte ArtDmx header";
        QTest::newRow("cut before its levels")
            << -1 << 20 << "the length (6) is more than the datagram holds";
        QTest::newRow("not the id") << 0 << int{'X'} << "not an Art-Net packet (no \"Art-Net\" id)";
        QTest::newRow("length 0") << 17 << 0 << "a length of 0 levels (ArtDmx carries 2 to 512)";
        QTest::newRow("length 518 (high byte 2)")
            << 16 << 2 << "a length of 518 levels (ArtDmx carries 2 to 512)";
        QTest::newRow("protocol version 13") << 11 << 13 << "Art-Net protocol version 13, below 14";
        QTest::newRow("Net top bit")
            << 15 << 0x80 << "the Net field's top bit is set (port-addresses are 15 bits)";
    }
    void artnetRefusesHostilePackets() {
        QFETCH(int, at);
        QFETCH(int, value);
        QFETCH(QString, error);
        artnet::Dmx packet;
        packet.data = {1, 2, 3, 4, 5, 6};
        auto bytes = artnet::encode(packet);
        QVERIFY(artnet::decode(bytes));
        if (at < 0) {
            bytes.resize(static_cast<std::size_t>(value));
        } else {
            bytes[static_cast<std::size_t>(at)] = static_cast<std::uint8_t>(value);
        }
        std::string why;
        artnet::Refusal refusal = artnet::Refusal::NotForUs;
        QVERIFY(!artnet::decode(bytes, &why, &refusal));
        QCOMPARE(QString::fromStdString(why), error);
        QCOMPARE(refusal, artnet::Refusal::Unusable);
    }

    // Other OpCodes are valid Art-Net with no levels: ignored, not faults.
    void artnetTrafficNotForUs_data() {
        QTest::addColumn<int>("opcode");
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("error");
        QTest::newRow("ArtPoll (14 bytes)")
            << 0x2000 << 14 << "an Art-Net OpCode 0x2000, not ArtDmx";
        QTest::newRow("ArtPollReply (239 bytes, no version field)")
            << 0x2100 << 239 << "an Art-Net OpCode 0x2100, not ArtDmx";
        QTest::newRow("ArtSync (14 bytes)")
            << 0x5200 << 14 << "an Art-Net OpCode 0x5200, not ArtDmx";
    }
    void artnetTrafficNotForUs() {
        QFETCH(int, opcode);
        QFETCH(int, size);
        QFETCH(QString, error);
        std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size), 0);
        const char id[] = "Art-Net";
        std::copy(id, id + 8, bytes.begin());
        bytes[8] = static_cast<std::uint8_t>(opcode & 0xFF);
        bytes[9] = static_cast<std::uint8_t>(opcode >> 8);
        bytes[11] = 14;
        std::string why;
        artnet::Refusal refusal = artnet::Refusal::Unusable;
        QVERIFY(!artnet::decode(bytes, &why, &refusal));
        QCOMPARE(QString::fromStdString(why), error);
        QCOMPARE(refusal, artnet::Refusal::NotForUs);
    }

    // Sequence 0 is "not sequenced"; otherwise E1.31's window, across Art-Net's 255 -> 1 wrap.
    void artnetSequenceIsNewer_data() {
        QTest::addColumn<int>("last");
        QTest::addColumn<int>("next");
        QTest::addColumn<bool>("newer");
        QTest::newRow("next") << 10 << 11 << true;
        QTest::newRow("repeated") << 10 << 10 << false;
        QTest::newRow("one late") << 10 << 9 << false;
        QTest::newRow("255 to 1 wraps forward") << 255 << 1 << true;
        QTest::newRow("254 after 1, across the wrap") << 1 << 254 << false;
        QTest::newRow("0: a sender that does not sequence") << 10 << 0 << true;
        QTest::newRow("after 0, anything") << 0 << 5 << true;
    }
    void artnetSequenceIsNewer() {
        QFETCH(int, last);
        QFETCH(int, next);
        QFETCH(bool, newer);
        QCOMPARE(artnet::sequenceIsNewer(static_cast<std::uint8_t>(last),
                                         static_cast<std::uint8_t>(next)),
                 newer);
        QCOMPARE(artnet::nextSequence(255), std::uint8_t{1});
        QCOMPARE(artnet::nextSequence(0), std::uint8_t{1});
    }

    // WS2812 over SPI: 0xA5 = 1010 0101 -> 110 100 110 100 100 110 100 110 -> D3 49 A6.
    void ws2812GoldenBits() {
        const std::vector<std::uint8_t> rgb = {0xA5, 0xFF, 0x00};  // R, G, B
        const auto spi = ws2812::encode(rgb);
        QCOMPARE(spi.size(), std::size_t{9 + ws2812::kResetBytes});
        const std::vector<std::uint8_t> green = {0xDB, 0x6D, 0xB6};  // 0xFF: all 110
        const std::vector<std::uint8_t> red = {0xD3, 0x49, 0xA6};
        const std::vector<std::uint8_t> blue = {0x92, 0x49, 0x24};       // 0x00: all 100
        QVERIFY(std::equal(green.begin(), green.end(), spi.begin()));    // G first
        QVERIFY(std::equal(red.begin(), red.end(), spi.begin() + 3));    // then R
        QVERIFY(std::equal(blue.begin(), blue.end(), spi.begin() + 6));  // then B
        QVERIFY(std::all_of(spi.begin() + 9, spi.end(), [](std::uint8_t b) { return b == 0; }));
    }
};

QTEST_APPLESS_MAIN(TestCodecs)
#include "tst_codecs.moc"

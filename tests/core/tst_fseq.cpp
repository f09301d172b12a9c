// FSEQ v2 (core/fseq.h) against FPP's docs/FSEQ_Sequence_File_Format.txt, "v2.0 spec": every
// header field read back here by hand, byte by byte, not through the project's reader.
#include <QTest>
#include <cstring>
#include <functional>

#include "core/error.h"
#include "core/fseq.h"

using namespace ossynapse;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ossynapse::fseq::Compression)

namespace {

using Bytes = std::vector<std::uint8_t>;

std::uint32_t le16(const Bytes& b, std::size_t at) {
    return b.at(at) | (b.at(at + 1) << 8);
}
std::uint32_t le32(const Bytes& b, std::size_t at) {
    return b.at(at) | (b.at(at + 1) << 8) | (b.at(at + 2) << 16) |
           (static_cast<std::uint32_t>(b.at(at + 3)) << 24);
}
std::uint64_t le64(const Bytes& b, std::size_t at) {
    return le32(b, at) | (static_cast<std::uint64_t>(le32(b, at + 4)) << 32);
}
void put32(Bytes& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        b.at(at + i) = static_cast<std::uint8_t>(v >> (8 * i));
    }
}

// Deterministic, not very compressible frames.
std::vector<Bytes> framesOf(std::uint32_t channels, std::uint32_t count, std::uint32_t seed = 1) {
    std::vector<Bytes> frames(count, Bytes(channels));
    std::uint32_t x = seed * 2654435761u + 12345u;
    for (Bytes& frame : frames) {
        for (std::uint8_t& b : frame) {
            x = x * 1664525u + 1013904223u;
            b = static_cast<std::uint8_t>(x >> 24);
        }
    }
    return frames;
}

// 64-bit FNV-1a of the step time, the channel count (u32 LE) and every channel byte.
std::uint64_t expectedId(std::uint8_t step, std::uint32_t channels, const std::vector<Bytes>& f) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    const auto eat = [&](std::uint8_t b) { h = (h ^ b) * 0x100000001b3ull; };
    eat(step);
    for (int i = 0; i < 4; ++i) {
        eat(static_cast<std::uint8_t>(channels >> (8 * i)));
    }
    for (const Bytes& frame : f) {
        for (std::uint8_t b : frame) {
            eat(b);
        }
    }
    return h;
}

fseq::WriterOptions optionsOf(fseq::Compression compression,
                              std::uint32_t channels,
                              std::uint8_t step,
                              const std::string& media = {}) {
    fseq::WriterOptions options;
    options.compression = compression;
    options.channelCount = channels;
    options.stepTimeMs = step;
    options.mediaFile = media;
    return options;
}

QString messageOf(const std::function<void()>& run) {
    try {
        run();
    } catch (const InputError& error) {
        return QString::fromUtf8(error.what());
    }
    return u"(no error)"_s;
}

// The base file the hostile rows edit: zstd, 468 channels (156 LEDs), 25 frames, media
// "song.mp3". Two blocks (frames 0-9, 10-24) at 32..47, 'mf' at 48..60, data at 64.
Bytes baseFile() {
    return fseq::encode(optionsOf(fseq::Compression::Zstd, 468, 25, "song.mp3"), framesOf(468, 25));
}

}  // namespace

class TestFseq : public QObject {
    Q_OBJECT
  private slots:
    void headerFieldsByteByByte_data() {
        QTest::addColumn<fseq::Compression>("compression");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("frames");
        QTest::addColumn<int>("step");
        QTest::addColumn<QString>("media");
        QTest::addColumn<QList<int>>("blockFirstFrames");  // empty: uncompressed
        QTest::newRow("none, 156 LEDs, 25 ms")
            << fseq::Compression::None << 468 << 25 << 25 << QString() << QList<int>{};
        QTest::newRow("none with media")
            << fseq::Compression::None << 3 << 4 << 50 << u"show.mp3"_s << QList<int>{};
        // 10 frames first (a player starts quickly), then ~64 KiB (2185 frames of 30 channels).
        QTest::newRow("zstd, two blocks")
            << fseq::Compression::Zstd << 30 << 25 << 20 << QString() << QList<int>{0, 10};
        // 3000 channels: 22 frames make 64 KiB.
        QTest::newRow("zstd, six blocks with media")
            << fseq::Compression::Zstd << 3000 << 100 << 40 << u"a.ogg"_s
            << QList<int>{0, 10, 32, 54, 76, 98};
        QTest::newRow("zstd, one frame")
            << fseq::Compression::Zstd << 468 << 1 << 25 << QString() << QList<int>{0};
    }
    void headerFieldsByteByByte() {
        QFETCH(fseq::Compression, compression);
        QFETCH(int, channels);
        QFETCH(int, frames);
        QFETCH(int, step);
        QFETCH(QString, media);
        QFETCH(QList<int>, blockFirstFrames);
        const std::vector<Bytes> input = framesOf(channels, frames);
        const Bytes file = fseq::encode(
            optionsOf(compression, channels, static_cast<std::uint8_t>(step), media.toStdString()),
            input);

        const std::size_t blocks = blockFirstFrames.size();
        const std::size_t indexEnd = 32 + 8 * blocks;
        const std::size_t mf = media.isEmpty() ? 0 : 4 + media.size() + 1;
        const std::size_t offset = (indexEnd + mf + 3) / 4 * 4;
        QCOMPARE(Bytes(file.begin(), file.begin() + 4), (Bytes{'P', 'S', 'E', 'Q'}));
        QCOMPARE(le16(file, 4), offset);  // channel data offset, aligned to 4
        QCOMPARE(offset % 4, std::size_t{0});
        QCOMPARE(file[6], 0);                // minor version
        QCOMPARE(file[7], 2);                // major version
        QCOMPARE(le16(file, 8), indexEnd);   // standard header length: first variable header
        QCOMPARE(le32(file, 10), channels);  // channels per frame
        QCOMPARE(le32(file, 14), frames);    // frames
        QCOMPARE(int(file[18]), step);       // step time, ms
        QCOMPARE(file[19], 0);               // flags
        QCOMPARE(file[20] & 0x0F, compression == fseq::Compression::Zstd ? 1 : 0);
        QCOMPARE(file[20] >> 4, 0);  // upper bits of the block count
        QCOMPARE(std::size_t{file[21]}, blocks);
        QCOMPARE(file[22], 0);  // sparse ranges
        QCOMPARE(file[23], 0);  // flags
        QCOMPARE(le64(file, 24), expectedId(static_cast<std::uint8_t>(step), channels, input));

        std::size_t data = 0;
        for (std::size_t k = 0; k < blocks; ++k) {
            QCOMPARE(le32(file, 32 + 8 * k), blockFirstFrames[k]);
            QVERIFY(le32(file, 36 + 8 * k) > 0);
            data += le32(file, 36 + 8 * k);
            // Each block is one zstd frame: magic 28 B5 2F FD.
            const std::size_t start = offset + data - le32(file, 36 + 8 * k);
            QCOMPARE(le32(file, start), 0xFD2FB528u);
        }
        if (blocks == 0) {
            data = std::size_t(channels) * frames;
            QCOMPARE(Bytes(file.begin() + offset, file.begin() + offset + channels), input.front());
        }
        QCOMPARE(file.size(), offset + data);

        if (!media.isEmpty()) {
            QCOMPARE(le16(file, indexEnd), mf);  // length including its 4 bytes
            QCOMPARE(file[indexEnd + 2], 'm');
            QCOMPARE(file[indexEnd + 3], 'f');
            QCOMPARE(QByteArray(reinterpret_cast<const char*>(&file[indexEnd + 4]), media.size()),
                     media.toUtf8());
            QCOMPARE(file[indexEnd + 4 + media.size()], 0);  // NUL-terminated
        }
        for (std::size_t k = indexEnd + mf; k < offset; ++k) {
            QCOMPARE(file[k], 0);  // padding
        }
    }

    // The same frames make the same file; other frames another unique id.
    void uniqueIdFollowsTheFrames() {
        const auto options = optionsOf(fseq::Compression::Zstd, 30, 25);
        const Bytes a = fseq::encode(options, framesOf(30, 40, 1));
        const Bytes b = fseq::encode(options, framesOf(30, 40, 1));
        const Bytes c = fseq::encode(options, framesOf(30, 40, 2));
        QVERIFY(a == b);
        QVERIFY(le64(a, 24) != 0);
        QVERIFY(le64(a, 24) != le64(c, 24));
    }

    void roundTrip_data() {
        QTest::addColumn<fseq::Compression>("compression");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("frames");
        QTest::addColumn<bool>("frameCountKnown");
        for (const auto& [name, compression] :
             {std::pair{"none", fseq::Compression::None}, {"zstd", fseq::Compression::Zstd}}) {
            QTest::addRow("%s, 1 LED, 1 frame", name) << compression << 3 << 1 << true;
            QTest::addRow("%s, 156 LEDs, 250 frames", name) << compression << 468 << 250 << true;
            QTest::addRow("%s, 1000 LEDs, 100 frames", name) << compression << 3000 << 100 << true;
            QTest::addRow("%s, no frames", name) << compression << 9 << 0 << true;
            QTest::addRow("%s, streamed, count unknown", name)
                << compression << 30000 << 40 << false;
        }
        // More 64 KiB blocks than a 2.0 index holds: the blocks grow to fit 255.
        QTest::newRow("zstd, 2000 frames of 10000 channels")
            << fseq::Compression::Zstd << 10000 << 2000 << true;
        // Unknown count, more than 255 blocks' worth: the last block takes the rest.
        QTest::newRow("zstd, streamed past 255 blocks")
            << fseq::Compression::Zstd << 70000 << 300 << false;
    }
    void roundTrip() {
        QFETCH(fseq::Compression, compression);
        QFETCH(int, channels);
        QFETCH(int, frames);
        QFETCH(bool, frameCountKnown);
        const std::vector<Bytes> input = framesOf(channels, frames, 7);
        fseq::WriterOptions options = optionsOf(compression, channels, 40, "music/song one.mp3");
        options.producer = "OSSynapse Studio";
        options.expectedFrames = frameCountKnown ? frames : 0;
        // Streamed as a file sink does: start, appends, tail, then the header rewritten.
        fseq::Writer writer(options);
        Bytes file = writer.start();
        const std::size_t startSize = file.size();
        for (const Bytes& frame : input) {
            const Bytes out = writer.append(frame);
            file.insert(file.end(), out.begin(), out.end());
        }
        const fseq::Writer::Finished done = writer.finish();
        file.insert(file.end(), done.tail.begin(), done.tail.end());
        QCOMPARE(done.header.size(), startSize);
        std::copy(done.header.begin(), done.header.end(), file.begin());

        const fseq::Sequence back = fseq::read(file);
        QCOMPARE(back.header.frameCount, std::uint32_t(frames));
        QCOMPARE(back.header.channelCount, std::uint32_t(channels));
        QCOMPARE(back.header.stepTimeMs, 40);
        QCOMPARE(back.header.compression, compression);
        QCOMPARE(back.header.text("mf"), std::string("music/song one.mp3"));
        QCOMPARE(back.header.text("sp"), std::string("OSSynapse Studio"));
        QCOMPARE(back.frames.size(), input.size());
        for (int k = 0; k < frames; ++k) {
            QVERIFY2(back.frames[k] == input[k], qPrintable(u"frame %1"_s.arg(k)));
        }
        if (compression == fseq::Compression::Zstd) {
            QVERIFY(back.header.blockCount <= 255);
            if (!frameCountKnown) {
                QCOMPARE(back.header.blockCount, 255);
            }
        }
    }

    // Found by fuzzing: a header of 0 frames of 0 channels looped forever splitting nothing.
    void emptyFilesReadAsEmpty_data() {
        QTest::addColumn<int>("compression");
        QTest::addColumn<int>("channels");
        QTest::newRow("none, 0 channels") << 0 << 0;
        QTest::newRow("none, 3 channels") << 0 << 3;
        QTest::newRow("zstd, 0 channels") << 1 << 0;
        QTest::newRow("zstd, 3 channels") << 1 << 3;
    }
    void emptyFilesReadAsEmpty() {
        QFETCH(int, compression);
        QFETCH(int, channels);
        Bytes file(32, 0);
        std::memcpy(file.data(), "PSEQ", 4);
        file[4] = 32;  // channel data offset
        file[7] = 2;
        file[8] = 32;  // standard header length
        put32(file, 10, channels);
        file[18] = 25;
        file[20] = static_cast<std::uint8_t>(compression);
        const QString message = messageOf([&] {
            const fseq::Sequence sequence = fseq::read(file);
            QCOMPARE(sequence.frames.size(), std::size_t{0});
            QCOMPARE(sequence.header.channelCount, std::uint32_t(channels));
        });
        QCOMPARE(message, u"(no error)"_s);
        file[20] = 2;
        QCOMPARE(messageOf([&] { fseq::read(file); }),
                 u"FSEQ: zlib-compressed files are not supported (only uncompressed and zstd)"_s);
    }

    // Every prefix of a file is refused in words: never read past the end, never a success.
    void truncatedFilesAreRefused_data() {
        QTest::addColumn<fseq::Compression>("compression");
        QTest::newRow("none") << fseq::Compression::None;
        QTest::newRow("zstd") << fseq::Compression::Zstd;
    }
    void truncatedFilesAreRefused() {
        QFETCH(fseq::Compression, compression);
        const Bytes file = fseq::encode(optionsOf(compression, 48, 12, "m.mp3"), framesOf(48, 12));
        QVERIFY(fseq::read(file).frames == framesOf(48, 12));
        for (std::size_t size = 0; size < file.size(); ++size) {
            const Bytes cut(file.begin(), file.begin() + size);
            const QString message = messageOf([&] { fseq::read(cut); });
            QVERIFY2(message.startsWith(u"FSEQ: "_s), qPrintable(message));
            if (size >= 4) {
                QVERIFY2(message.contains(u"cut short"_s),
                         qPrintable(u"%1 bytes: %2"_s.arg(size).arg(message)));
            }
        }
        QCOMPARE(messageOf([&] { fseq::read(Bytes(file.begin(), file.begin() + 20)); }),
                 u"FSEQ: the file is cut short: 20 bytes, less than the 32-byte fixed header"_s);
        QCOMPARE(messageOf([&] { fseq::read(Bytes(file.begin(), file.end() - 1)); })
                     .contains(compression == fseq::Compression::None
                                   ? u"12 frames of 48 channels need 576 bytes of channel data, "
                                     u"it holds 575"_s
                                   : u"block 1 ends at byte %1, the file has %2"_s.arg(file.size())
                                         .arg(file.size() - 1)),
                 true);
    }

    // Edits of a valid zstd file (the block index, the fields it rests on): each refused with
    // what is wrong.
    void hostileFilesAreRefused_data() {
        QTest::addColumn<int>("at");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        const auto u32 = [](std::uint32_t v) {
            Bytes b(4);
            put32(b, 0, v);
            return QByteArray(reinterpret_cast<const char*>(b.data()), 4);
        };
        QTest::newRow("first block not at frame 0")
            << 32 << u32(5) << u"FSEQ: the first block starts at frame 5, not 0"_s;
        QTest::newRow("blocks out of order")
            << 40 << u32(0)
            << u"FSEQ: block 0 starts at frame 0, the next at 0 of 25 frames: the block index is "
               u"out of order"_s;
        QTest::newRow("block past the frame count")
            << 40 << u32(30)
            << u"FSEQ: block 0 starts at frame 0, the next at 30 of 25 frames: the block index is "
               u"out of order"_s;
        QTest::newRow("block length past the file")
            << 36 << u32(0xFFFFFFFF) << u"FSEQ: the file is cut short: block 0 ends at byte"_s;
        QTest::newRow("block length one short") << 36 << QByteArray() << u"FSEQ: block 0 "_s;
        QTest::newRow("no block listed")
            << 21 << QByteArray(1, '\0')
            << u"FSEQ: zstd-compressed, but its block index lists no block"_s;
        QTest::newRow("more blocks than the header holds")
            << 21 << QByteArray(1, '\x09')
            << u"FSEQ: the channel data offset 64 lies inside the header's 9 blocks and 0 sparse "
               u"ranges, which end at byte 104"_s;
        QTest::newRow("one frame more than the blocks hold")
            << 14 << u32(26) << u"FSEQ: block 1 decodes to 7020 bytes; its frames need 7488"_s;
        QTest::newRow("one frame less")
            << 14 << u32(24) << u"FSEQ: block 1 holds more than the 6552 bytes of its frames"_s;
        QTest::newRow("gigabytes claimed")
            << 10 << u32(0xFFFFFFFF)
            << u"FSEQ: 25 frames of 4294967295 channels are 107374182375 bytes, more than the "
               u"1073741824 this reader decodes"_s;
        QTest::newRow("zlib") << 20 << QByteArray(1, '\x02')
                              << u"FSEQ: zlib-compressed files are not supported (only "
                                 u"uncompressed and zstd)"_s;
        QTest::newRow("unknown compression")
            << 20 << QByteArray(1, '\x07')
            << u"FSEQ: unknown compression type 7 (0 none, 1 zstd, 2 zlib)"_s;
        QTest::newRow("upper block-count bits")
            << 20 << QByteArray(1, '\x11')
            << u"FSEQ: the channel data offset 64 lies inside the header's 258 blocks"_s;
        QTest::newRow("version 1")
            << 6 << QByteArray("\x00\x01", 2) << u"FSEQ: version 1.0 is not supported (only 2.x)"_s;
        QTest::newRow("eseq") << 0 << QByteArray("E")
                              << u"FSEQ: a 'ESEQ' file is not supported (only 'PSEQ')"_s;
        QTest::newRow("not fseq") << 0 << QByteArray("RIFF")
                                  << u"FSEQ: not an FSEQ file (it does not start with 'PSEQ')"_s;
        QTest::newRow("variable header past the data")
            << 48 << QByteArray("\xff\xff", 2)
            << u"FSEQ: the variable header at byte 48 says 65535 bytes, past the channel data at "
               u"byte 64"_s;
        QTest::newRow("variable header shorter than itself")
            << 48 << QByteArray("\x02\x00", 2)
            << u"FSEQ: the variable header at byte 48 says 2 bytes, past the channel data"_s;
        QTest::newRow("data offset past the file")
            << 4 << QByteArray("\xfc\xff", 2)
            << u"FSEQ: the file is cut short: its header is 65532 bytes, the file"_s;
        QTest::newRow("standard header length inside the index")
            << 8 << QByteArray("\x20\x00", 2)
            << u"FSEQ: the standard header length 32 is not between the end of the block index "
               u"and sparse ranges (48) and the channel data offset (64)"_s;
        QTest::newRow("zstd data corrupt") << 64 << QByteArray("\x00\x00\x00\x00", 4)
                                           << u"FSEQ: block 0 does not decode: zstd: "_s;
    }
    void hostileFilesAreRefused() {
        QFETCH(int, at);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        Bytes file = baseFile();
        // The layout the rows rely on.
        QCOMPARE(le16(file, 4), 64u);
        QCOMPARE(file[21], 2);
        QCOMPARE(le32(file, 40), 10u);
        QCOMPARE(fseq::read(file).header.text("mf"), std::string("song.mp3"));
        if (bytes.isEmpty()) {
            put32(file, at, le32(file, at) - 1);
        } else {
            std::memcpy(&file[at], bytes.constData(), bytes.size());
        }
        const QString got = messageOf([&] { fseq::read(file); });
        QVERIFY2(got.startsWith(message), qPrintable(got));
    }

    void stepTimes_data() {
        QTest::addColumn<double>("fps");
        QTest::addColumn<int>("ms");  // 0: refused
        QTest::newRow("40 fps") << 40.0 << 25;
        QTest::newRow("50 fps") << 50.0 << 20;
        QTest::newRow("20 fps") << 20.0 << 50;
        QTest::newRow("12.5 fps") << 12.5 << 80;
        QTest::newRow("1000 fps") << 1000.0 << 1;
        QTest::newRow("4 fps") << 4.0 << 250;
        QTest::newRow("30 fps: 33.33 ms") << 30.0 << 0;
        QTest::newRow("60 fps: 16.67 ms") << 60.0 << 0;
        QTest::newRow("2 fps: 500 ms") << 2.0 << 0;
        QTest::newRow("0 fps") << 0.0 << 0;
        QTest::newRow("negative") << -25.0 << 0;
    }
    void stepTimes() {
        QFETCH(double, fps);
        QFETCH(int, ms);
        const std::optional<std::uint8_t> step = fseq::stepTimeMs(fps);
        QCOMPARE(step.has_value(), ms != 0);
        if (step) {
            QCOMPARE(int(*step), ms);
        }
    }

    void writerRefusesWhatAFileCannotHold_data() {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("step");
        QTest::addColumn<int>("mediaLength");
        QTest::addColumn<int>("frameSize");
        QTest::addColumn<QString>("message");
        QTest::newRow("no channels")
            << 0 << 25 << 0 << 0 << u"FSEQ: a frame needs at least one channel"_s;
        QTest::newRow("step 0") << 3 << 0 << 0 << 3 << u"FSEQ: the step time must be 1 to 255 ms"_s;
        QTest::newRow("media name too long")
            << 3 << 25 << 70000 << 3
            << u"FSEQ: the header would be 72080 bytes, more than the 65535 its offset field "
               u"holds (a shorter media file name)"_s;
        QTest::newRow("frame of another size")
            << 6 << 25 << 0 << 9 << u"FSEQ: a frame of 9 channels; this file's frames have 6"_s;
    }
    void writerRefusesWhatAFileCannotHold() {
        QFETCH(int, channels);
        QFETCH(int, step);
        QFETCH(int, mediaLength);
        QFETCH(int, frameSize);
        QFETCH(QString, message);
        const QString got = messageOf([&] {
            fseq::Writer writer(optionsOf(fseq::Compression::Zstd, channels,
                                          static_cast<std::uint8_t>(step),
                                          std::string(mediaLength, 'x')));
            writer.append(Bytes(frameSize));
        });
        QCOMPARE(got, message);
    }
};

QTEST_GUILESS_MAIN(TestFseq)
#include "tst_fseq.moc"

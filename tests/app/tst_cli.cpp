#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "fseq_contents.h"
#include "misbehaving_server.h"

using namespace Qt::StringLiterals;

namespace {

struct Run {
    int exitCode;
    QByteArray out;
    QByteArray err;
};

Run ossynapse(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(OSSYNAPSE_CLI), arguments);
    if (!process.waitForFinished(60000)) {
        return {-1, {}, "did not finish"};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

QString bundled(const QString& name) {
    return QStringLiteral(OSSYNAPSE_RECORDINGS_DIR "/") + name;
}

QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Starts `ossynapse ARGS` (a server that prints where it listens on stderr) and returns the
// first capture of `pattern` in what it printed, once it has.
QString startAndRead(QProcess& process, const QStringList& arguments, const QString& pattern) {
    process.start(QStringLiteral(OSSYNAPSE_CLI), arguments);
    if (!process.waitForStarted()) {
        return {};
    }
    process.setReadChannel(QProcess::StandardError);
    const QRegularExpression expression(pattern);
    QByteArray banner;
    QRegularExpressionMatch match;
    while (!(match = expression.match(QString::fromUtf8(banner))).hasMatch() &&
           process.waitForReadyRead(5000)) {
        banner += process.readAllStandardError();
    }
    return match.captured(1);
}

QByteArray streamFixture(const QString& name) {
    QFile file(QStringLiteral(OSSYNAPSE_STREAM_FIXTURES "/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray testKey() {
    return "sk-test-cli-5d0e1b77-quoted-back";
}

struct Streamed {
    bool exitedNormally = false;  // not killed by a signal (an abort is 134)
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QByteArray recording;
};

// `ossynapse stream` against a server in this process: the event loop runs while it streams.
Streamed streamFrom(const MisbehavingServer& server, const QString& record) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"OSSYNAPSE_API_KEY"_s, QString::fromLatin1(testKey()));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(OSSYNAPSE_CLI), {u"stream"_s, u"--endpoint"_s, server.url(),
                                                  u"--prompt"_s, u"hi"_s, u"--record"_s, record});
    Streamed result;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 60000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitedNormally = process.exitStatus() == QProcess::NormalExit;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    result.recording = fileBytes(record);
    return result;
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
  private slots:
    void inspectSummarisesARecording() {
        const Run run = ossynapse({u"inspect"_s, bundled(u"short-answer.jsonl"_s)});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject summary = QJsonDocument::fromJson(run.out).object();
        QVERIFY(summary.value(u"duration_s"_s).toDouble() > 1.0);
        QCOMPARE(summary.value(u"outcome"_s).toString(), u"finished"_s);
        const QJsonObject reasoning = summary[u"channels"_s][u"reasoning"_s].toObject();
        QCOMPARE(reasoning.value(u"tokens"_s).toInt(), 38);
        QVERIFY(reasoning.value(u"mean_tps"_s).toDouble() > 30.0);
        QVERIFY(reasoning.value(u"peak_tps"_s).toDouble() >=
                reasoning.value(u"mean_tps"_s).toDouble());
        QCOMPARE(summary[u"end"_s][u"finish_reason"_s].toString(), u"stop"_s);
        QCOMPARE(summary[u"source"_s][u"kind"_s].toString(), u"synthetic"_s);
    }

    void inspectReportsTruncation() {
        QTemporaryDir dir;
        const QByteArray whole = fileBytes(bundled(u"short-answer.jsonl"_s));
        const QString cut = dir.filePath(u"cut.jsonl"_s);
        QFile file(cut);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(whole.left(whole.size() - 40));
        file.close();
        const Run run = ossynapse({u"inspect"_s, cut});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject summary = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(summary.value(u"outcome"_s).toString(), u"truncated"_s);
        QVERIFY(summary.value(u"truncation"_s).toString().contains(u"no end record"_s));
    }

    void renderWritesEveryFrame_data() {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("jsonl") << u"jsonl"_s;
        QTest::newRow("csv") << u"csv"_s;
    }
    void renderWritesEveryFrame() {
        QFETCH(QString, suffix);
        QTemporaryDir dir;
        const QString out = dir.filePath(u"frames."_s + suffix);
        const Run run = ossynapse(
            {u"render"_s, bundled(u"short-answer.jsonl"_s), u"--fps"_s, u"50"_s, u"--out"_s, out});
        QCOMPARE(run.exitCode, 0);
        const QList<QByteArray> lines = fileBytes(out).trimmed().split('\n');
        const QJsonObject summary =
            QJsonDocument::fromJson(ossynapse({u"inspect"_s, bundled(u"short-answer.jsonl"_s)}).out)
                .object();
        // Frames from t = 0 until the lights are off after the last token, at 50 fps.
        const double lastToken = summary[u"channels"_s][u"completion"_s][u"last_t"_s].toDouble();
        const int expectedFrames = static_cast<int>(std::ceil((lastToken + 0.1) * 50.0)) + 1;
        if (suffix == u"csv"_s) {
            QVERIFY(
                lines.first().startsWith("t,reasoning_rate,reasoning_smoothed,reasoning_level"));
            QCOMPARE(lines.size(), expectedFrames + 1);
            QCOMPARE(lines.at(1).split(',').size(), lines.first().split(',').size());
        } else {
            QCOMPARE(lines.size(), expectedFrames);
            const QJsonObject frame = QJsonDocument::fromJson(lines.at(60)).object();
            QCOMPARE(frame.value(u"t"_s).toDouble(), 60 / 50.0);
            for (const QString& channel : {u"reasoning"_s, u"completion"_s}) {
                const QJsonObject c = frame.value(channel).toObject();
                for (const QString& key : {u"rate"_s, u"level"_s, u"pattern"_s, u"duty"_s}) {
                    QVERIFY2(c.contains(key), qPrintable(channel + u"."_s + key));
                }
            }
            QVERIFY(frame.contains(u"duty_a"_s) && frame.contains(u"duty_b"_s));
            QCOMPARE(frame.value(u"leds"_s).toString().size(), 156 * 6);
        }
    }

    // `render --out x.fseq` holds, frame for frame, the LED bytes (Frame::rgb) of the same render
    // to JSON Lines, in an FSEQ v2 file the project's reader takes back.
    void renderToFseqHoldsTheJsonlFrames_data() {
        QTest::addColumn<QString>("recording");
        QTest::addColumn<QString>("fps");
        QTest::addColumn<QString>("compression");  // empty: the default
        QTest::addColumn<QString>("media");
        QTest::newRow("short answer, 40 fps, zstd (default)")
            << u"short-answer.jsonl"_s << u"40"_s << QString() << QString();
        QTest::newRow("short answer, 50 fps, none, with media")
            << u"short-answer.jsonl"_s << u"50"_s << u"none"_s << u"song.mp3"_s;
        QTest::newRow("burst heavy, 25 fps, zstd")
            << u"burst-heavy.jsonl"_s << u"25"_s << u"zstd"_s << u"show/Burst Heavy.ogg"_s;
        QTest::newRow("burst heavy, 100 fps, none")
            << u"burst-heavy.jsonl"_s << u"100"_s << u"none"_s << QString();
        QTest::newRow("reasoning then answer, 12.5 fps (80 ms), zstd")
            << u"reasoning-then-answer.jsonl"_s << u"12.5"_s << u"zstd"_s << QString();
    }
    void renderToFseqHoldsTheJsonlFrames() {
        QFETCH(QString, recording);
        QFETCH(QString, fps);
        QFETCH(QString, compression);
        QFETCH(QString, media);
        QTemporaryDir dir;
        const QString jsonl = dir.filePath(u"frames.jsonl"_s);
        const QString fseqPath = dir.filePath(u"frames.fseq"_s);
        QCOMPARE(ossynapse({u"render"_s, bundled(recording), u"--fps"_s, fps, u"--out"_s, jsonl})
                     .exitCode,
                 0);
        QStringList arguments{u"render"_s, bundled(recording), u"--fps"_s,
                              fps,         u"--out"_s,         fseqPath};
        if (!compression.isEmpty()) {
            arguments << u"--fseq-compression"_s << compression;
        }
        if (!media.isEmpty()) {
            arguments << u"--fseq-media"_s << media;
        }
        const Run run = ossynapse(arguments);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains(" LEDs -> "), run.err.constData());

        const QList<QByteArray> lines = fileBytes(jsonl).trimmed().split('\n');
        const QByteArray bytes = fileBytes(fseqPath);
        const FseqContents fseq = readFseqContents(bytes);
        QVERIFY2(fseq.error.isEmpty(), qPrintable(fseq.error));
        QCOMPARE(fseq.majorVersion, 2);
        QCOMPARE(fseq.minorVersion, 0);
        QCOMPARE(fseq.stepTimeMs, std::lround(1000.0 / fps.toDouble()));
        QCOMPARE(fseq.compression, compression == u"none"_s ? 0 : 1);
        QCOMPARE(fseq.sparseRanges, 0);
        QCOMPARE(fseq.media, media);
        QCOMPARE(fseq.channelCount, 156 * 3);  // the built-in skull
        QVERIFY(lines.size() > 50);
        QCOMPARE(fseq.frameCount, lines.size());
        QCOMPARE(fseq.frames.size(), lines.size());
        int lit = 0;
        for (qsizetype k = 0; k < lines.size(); ++k) {
            const QByteArray rgb = QByteArray::fromHex(
                QJsonDocument::fromJson(lines.at(k)).object()[u"leds"_s].toString().toLatin1());
            QCOMPARE(rgb.size(), 156 * 3);
            QVERIFY2(fseq.frames.at(k) == rgb, qPrintable(u"frame %1"_s.arg(k)));
            lit += rgb.count('\0') < rgb.size();
        }
        QVERIFY(lit > 10);  // not a file of dark frames
        if (fseq.compression == 1) {
            QVERIFY(bytes.size() * 4 < fseq.frameCount * fseq.channelCount);
        } else {
            QCOMPARE(bytes.size(), fseq.channelDataOffset + fseq.frameCount * fseq.channelCount);
        }
        // Rendered again: the same bytes (the unique id is a hash of the frames, not a clock).
        QCOMPARE(ossynapse(arguments).exitCode, 0);
        QVERIFY(fileBytes(fseqPath) == bytes);
    }

    // Render twice, compare bytes.
    void renderIsByteIdentical() {
        QTemporaryDir dir;
        QByteArray outputs[2];
        for (int i = 0; i < 2; ++i) {
            const QString out = dir.filePath(u"frames%1.jsonl"_s.arg(i));
            QCOMPARE(ossynapse({u"render"_s, bundled(u"burst-heavy.jsonl"_s), u"--fps"_s, u"100"_s,
                                u"--out"_s, out})
                         .exitCode,
                     0);
            outputs[i] = fileBytes(out);
        }
        QVERIFY(outputs[0].size() > 100000);
        QVERIFY(outputs[0] == outputs[1]);
    }

    void renderUsesParametersAndRig() {
        QTemporaryDir dir;
        const QString params = dir.filePath(u"dark.json"_s);
        QFile file(params);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"master_brightness": 0})");
        file.close();
        const QString out = dir.filePath(u"dark.jsonl"_s);
        QCOMPARE(ossynapse({u"render"_s, bundled(u"burst-heavy.jsonl"_s), u"--fps"_s, u"20"_s,
                            u"--out"_s, out, u"--params"_s, params})
                     .exitCode,
                 0);
        for (const QByteArray& line : fileBytes(out).trimmed().split('\n')) {
            const QJsonObject frame = QJsonDocument::fromJson(line).object();
            QCOMPARE(frame.value(u"duty_a"_s).toInt(), 0);
            QVERIFY(!frame.value(u"leds"_s).toString().contains(QRegularExpression(u"[1-9a-f]"_s)));
        }
    }

    // Found by a newcomer's trial: the usage line named the binary by its full path.
    void verbHelpNamesTheVerb_data() {
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("usage");
        QTest::newRow("inspect --help")
            << u"inspect"_s << u"Usage: ossynapse inspect [options] FILE"_s;
        QTest::newRow("render --help")
            << u"render"_s << u"Usage: ossynapse render [options] FILE"_s;
        QTest::newRow("telemetry --help")
            << u"telemetry"_s << u"Usage: ossynapse telemetry [options] URL"_s;
        QTest::newRow("simulate-telemetry --help")
            << u"simulate-telemetry"_s << u"Usage: ossynapse simulate-telemetry [options]"_s;
    }
    void verbHelpNamesTheVerb() {
        QFETCH(QString, verb);
        QFETCH(QString, usage);
        const Run run = ossynapse({verb, u"--help"_s});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QString::fromUtf8(run.out.left(run.out.indexOf('\n'))), usage);
    }

    // The README's synopsis of a verb (its lines from "ossynapse VERB" to the next verb) names
    // every option its --help lists.
    void readmeSynopsisHasEveryOption_data() {
        QTest::addColumn<QString>("verb");
        QTest::newRow("render") << u"render"_s;
    }
    void readmeSynopsisHasEveryOption() {
        QFETCH(QString, verb);
        const Run help = ossynapse({verb, u"--help"_s});
        QCOMPARE(help.exitCode, 0);
        QStringList options;
        const QRegularExpression option(u"^  (?:-\\w, )?(--[a-z-]+)"_s,
                                        QRegularExpression::MultilineOption);
        for (const auto& match : option.globalMatch(QString::fromUtf8(help.out))) {
            if (match.captured(1) != u"--help"_s && match.captured(1) != u"--help-all"_s) {
                options << match.captured(1);
            }
        }
        QVERIFY(options.size() > 3);
        const QStringList readme =
            QString::fromUtf8(fileBytes(QStringLiteral(OSSYNAPSE_RECORDINGS_DIR "/../README.md")))
                .split(u'\n');
        QString synopsis;
        for (qsizetype k = 0; k < readme.size(); ++k) {
            if (readme[k].startsWith(u"ossynapse "_s + verb + u" "_s)) {
                synopsis = readme[k];
                while (++k < readme.size() && !readme[k].startsWith(u"ossynapse "_s) &&
                       !readme[k].startsWith(u"```"_s)) {
                    synopsis += u"\n"_s + readme[k];
                }
                break;
            }
        }
        QVERIFY(!synopsis.isEmpty());
        QStringList missing;
        for (const QString& name : options) {
            if (!synopsis.contains(
                    QRegularExpression(QRegularExpression::escape(name) + u"(?![a-z-])"_s))) {
                missing << name;
            }
        }
        QCOMPARE(missing.join(u", "_s), QString());
    }

    // Errors print one clear line to stderr and exit non-zero.
    void errorsAreOneClearLine_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing file")
            << QStringList{u"inspect"_s, u"/nonexistent.jsonl"_s} << 1
            << u"ossynapse inspect: error: /nonexistent.jsonl: cannot open (No such file or directory)"_s;
        QTest::newRow("a directory")
            << QStringList{u"inspect"_s, u"/tmp"_s} << 1
            << u"ossynapse inspect: error: /tmp: is a directory, not a recording"_s;
        QTest::newRow("unknown verb")
            << QStringList{u"paint"_s} << 2
            << u"ossynapse: error: unknown verb 'paint' (try 'ossynapse --help')"_s;
        QTest::newRow("render without fps")
            << QStringList{u"render"_s, bundled(u"short-answer.jsonl"_s), u"--out"_s,
                           u"/tmp/x.jsonl"_s}
            << 2 << u"ossynapse render: error: --fps is required (try 'ossynapse render --help')"_s;
        QTest::newRow("render to unknown format")
            << QStringList{u"render"_s, bundled(u"short-answer.jsonl"_s),
                           u"--fps"_s,  u"30"_s,
                           u"--out"_s,  u"x.txt"_s}
            << 2
            << u"ossynapse render: error: --out 'x.txt' must end in .jsonl, .csv or .fseq (try 'ossynapse render --help')"_s;
        QTest::newRow("fseq at a rate of no whole ms")
            << QStringList{u"render"_s, bundled(u"short-answer.jsonl"_s),
                           u"--fps"_s,  u"30"_s,
                           u"--out"_s,  u"x.fseq"_s}
            << 2
            << u"ossynapse render: error: --fps 30 gives a step time of 33.33 ms; FSEQ needs whole milliseconds: use 20, 25, 40, 50 … (try 'ossynapse render --help')"_s;
        QTest::newRow("fseq step longer than a byte")
            << QStringList{u"render"_s, bundled(u"short-answer.jsonl"_s),
                           u"--fps"_s,  u"2"_s,
                           u"--out"_s,  u"x.fseq"_s}
            << 2
            << u"ossynapse render: error: --fps 2 gives a step time of 500 ms; an FSEQ step holds at most 255 ms: use 4 or more, e.g. 20, 25, 40, 50 … (try 'ossynapse render --help')"_s;
        QTest::newRow("fseq compression unknown")
            << QStringList{u"render"_s,
                           bundled(u"short-answer.jsonl"_s),
                           u"--fps"_s,
                           u"25"_s,
                           u"--out"_s,
                           u"x.fseq"_s,
                           u"--fseq-compression"_s,
                           u"zlib"_s}
            << 2
            << u"ossynapse render: error: --fseq-compression 'zlib' must be zstd or none (try 'ossynapse render --help')"_s;
        QTest::newRow("fseq option for another format")
            << QStringList{u"render"_s,       bundled(u"short-answer.jsonl"_s),
                           u"--fps"_s,        u"25"_s,
                           u"--out"_s,        u"x.csv"_s,
                           u"--fseq-media"_s, u"song.mp3"_s}
            << 2
            << u"ossynapse render: error: --fseq-media applies to an .fseq --out only (try 'ossynapse render --help')"_s;
        QTest::newRow("fps out of range")
            << QStringList{u"render"_s, bundled(u"short-answer.jsonl"_s),
                           u"--fps"_s,  u"0"_s,
                           u"--out"_s,  u"x.csv"_s}
            << 2
            << u"ossynapse render: error: --fps '0' must be a number from 1 to 1000 (try 'ossynapse render --help')"_s;
        QTest::newRow("missing params file")
            << QStringList{u"render"_s,   bundled(u"short-answer.jsonl"_s),
                           u"--fps"_s,    u"30"_s,
                           u"--out"_s,    u"x.csv"_s,
                           u"--params"_s, u"/nonexistent.json"_s}
            << 1
            << u"ossynapse render: error: /nonexistent.json: cannot open (No such file or directory)"_s;
    }
    void errorsAreOneClearLine() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run run = ossynapse(arguments);
        QCOMPARE(run.exitCode, exitCode);
        QCOMPARE(QString::fromUtf8(run.err).trimmed(), message);
        QVERIFY(run.out.isEmpty());
        QVERIFY(!QFile::exists(u"x.fseq"_s));  // refused before anything is written
    }

    // Found by abuse: a token at t = 100000 s rendered at 1000 fps wrote tens of GB in silence.
    // Above 1 GiB the render says how large it would be and writes nothing.
    void hugeRenderIsRefusedBeforeWriting() {
        QTemporaryDir dir;
        const QString recording = dir.filePath(u"late.jsonl"_s);
        QFile file(recording);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"type":"header","format":"ossynapse-session","version":1})"
                   "\n"
                   R"({"type":"token","t":100000,"channel":"completion","tokens":1})"
                   "\n");
        file.close();
        const QString out = dir.filePath(u"huge.jsonl"_s);
        const Run run = ossynapse({u"render"_s, recording, u"--fps"_s, u"1000"_s, u"--out"_s, out});
        QCOMPARE(run.exitCode, 1);
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.contains(u"would make about"_s) && err.contains(u"GB: nothing written"_s) &&
                     err.contains(u"--force"_s),
                 qPrintable(err));
        QVERIFY(!QFile::exists(out));
        // The same session at a rate that fits is written.
        const Run small = ossynapse({u"render"_s, recording, u"--fps"_s, u"1"_s, u"--out"_s, out});
        QCOMPARE(small.exitCode, 0);
        QVERIFY(QFileInfo(out).size() > 0);
    }

    void badParametersNameTheField() {
        QTemporaryDir dir;
        const QString params = dir.filePath(u"p.json"_s);
        QFile file(params);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"gamma": 7})");
        file.close();
        const Run run =
            ossynapse({u"render"_s, bundled(u"short-answer.jsonl"_s), u"--fps"_s, u"30"_s,
                       u"--out"_s, dir.filePath(u"f.csv"_s), u"--params"_s, params});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(QString::fromUtf8(run.err).trimmed(),
                 u"ossynapse render: error: "_s + params +
                     u": parameter 'gamma' = 7 is out of range [1, 4]"_s);
        QVERIFY(!QFile::exists(dir.filePath(u"f.csv"_s)));
    }

    // The same for every JSON file the verbs read: parameters and rig.
    void jsonFileWithANulByteIsRefused_data() {
        QTest::addColumn<QString>("option");
        QTest::newRow("--params") << u"--params"_s;
        QTest::newRow("--rig") << u"--rig"_s;
    }
    void jsonFileWithANulByteIsRefused() {
        QFETCH(QString, option);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"nul.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray("{\"gamma\":2.2}\0garbage", 21));
        file.close();
        const Run run = ossynapse({u"render"_s, bundled(u"short-answer.jsonl"_s), u"--fps"_s,
                                   u"30"_s, u"--out"_s, dir.filePath(u"f.csv"_s), option, path});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(QString::fromUtf8(run.err).trimmed(),
                 u"ossynapse render: error: "_s + path +
                     u": bad JSON: a NUL byte at byte 13: JSON allows none"_s);
        QVERIFY(!QFile::exists(dir.filePath(u"f.csv"_s)));
    }

    void badRecordingNamesTheLine() {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"bad.jsonl"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(fileBytes(bundled(u"short-answer.jsonl"_s))
                       .replace("\"channel\":\"completion\"", "\"channel\":7"));
        file.close();
        const Run run = ossynapse({u"inspect"_s, path});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(".jsonl:40: 'channel' must be"), run.err.constData());
    }

    // A damaged recording is refused in one line naming the line and what is wrong with it.
    void damagedRecordingSaysWhatIsWrong_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");  // after "FILE:"
        const QByteArray header = R"({"type":"header","format":"ossynapse-session","version":1})";
        QTest::newRow("number out of range (1e400)")
            << header + "\n" + R"({"type":"token","t":1e400,"channel":"completion","tokens":1})" +
                   "\n"
            << u"2: not a JSON object (number 1e400 is out of range)"_s;
        // A document, a NUL byte, more text: nlohmann alone stops at the NUL and takes the line.
        QTest::newRow("NUL byte after a line's JSON")
            << header + "\n" +
                   QByteArray(R"({"type":"token","t":1,"channel":"completion","tokens":1})"
                              "\0garbage\n",
                              65)
            << u"2: not a JSON object (a NUL byte at byte 56: JSON allows none)"_s;
        QTest::newRow("only line cut off")
            << header.left(30)
            << u"1: the last line is cut off (no newline ends it, its JSON is incomplete)"_s;
    }
    void damagedRecordingSaysWhatIsWrong() {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"damaged.jsonl"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        const Run run = ossynapse({u"inspect"_s, path});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(QString::fromUtf8(run.err).trimmed(),
                 u"ossynapse inspect: error: "_s + path + u":"_s + message);
        QVERIFY(run.out.isEmpty());
    }

    // serve a bundled recording, stream it back with --record, inspect both: same counts.
    void serveThenStreamRoundTrip() {
        QProcess server;
        const QString port = startAndRead(server,
                                          {u"serve"_s, bundled(u"reasoning-then-answer.jsonl"_s),
                                           u"--port"_s, u"0"_s, u"--speed"_s, u"8"_s, u"--once"_s},
                                          u"http://127\\.0\\.0\\.1:(\\d+)/v1"_s);
        QVERIFY(!port.isEmpty());
        QTemporaryDir dir;
        const QString back = dir.filePath(u"back.jsonl"_s);
        const Run stream =
            ossynapse({u"stream"_s, u"--endpoint"_s, u"http://127.0.0.1:"_s + port + u"/v1"_s,
                       u"--model"_s, u"replay"_s, u"--prompt"_s, u"hello"_s, u"--record"_s, back});
        QCOMPARE(stream.exitCode, 0);
        QVERIFY(server.waitForFinished(5000));
        QVERIFY(stream.out.contains("seventy-eight"));
        QVERIFY(stream.err.contains("ossynapse stream: complete"));

        const QJsonObject original =
            QJsonDocument::fromJson(
                ossynapse({u"inspect"_s, bundled(u"reasoning-then-answer.jsonl"_s)}).out)
                .object();
        const QJsonObject copy =
            QJsonDocument::fromJson(ossynapse({u"inspect"_s, back}).out).object();
        for (const QString& channel : {u"reasoning"_s, u"completion"_s}) {
            for (const QString& count : {u"events"_s, u"tokens"_s}) {
                QCOMPARE(copy[u"channels"_s][channel][count].toInt(),
                         original[u"channels"_s][channel][count].toInt());
            }
        }
        QCOMPARE(copy[u"source"_s][u"kind"_s].toString(), u"live"_s);
        QCOMPARE(copy[u"token_accounting"_s][u"server_reasoning_tokens"_s].toInt(),
                 original[u"channels"_s][u"reasoning"_s][u"tokens"_s].toInt());
    }

    // `stream --telemetry`: a tap's summaries are recorded beside the tokens of the answer.
    void streamRecordsTelemetryAlongside() {
        QProcess tap;
        const QString tapPort =
            startAndRead(tap,
                         {u"simulate-telemetry"_s, u"--port"_s, u"0"_s, u"--fps"_s, u"20"_s,
                          u"--seconds"_s, u"30"_s, u"--layers"_s, u"12"_s},
                         u"ws://127\\.0\\.0\\.1:(\\d+)"_s);
        QVERIFY(!tapPort.isEmpty());
        QProcess server;
        const QString port = startAndRead(server,
                                          {u"serve"_s, bundled(u"burst-heavy.jsonl"_s), u"--port"_s,
                                           u"0"_s, u"--speed"_s, u"4"_s, u"--once"_s},
                                          u"http://127\\.0\\.0\\.1:(\\d+)/v1"_s);
        QVERIFY(!port.isEmpty());

        QTemporaryDir dir;
        const QString back = dir.filePath(u"with-telemetry.jsonl"_s);
        const Run stream = ossynapse(
            {u"stream"_s, u"--endpoint"_s, u"http://127.0.0.1:"_s + port + u"/v1"_s, u"--prompt"_s,
             u"hello"_s, u"--record"_s, back, u"--telemetry"_s, u"ws://127.0.0.1:"_s + tapPort});
        tap.kill();
        tap.waitForFinished();
        QCOMPARE(stream.exitCode, 0);
        QVERIFY2(stream.err.contains("ossynapse stream: telemetry: "), stream.err.constData());

        const QJsonObject copy =
            QJsonDocument::fromJson(ossynapse({u"inspect"_s, back}).out).object();
        QCOMPARE(copy[u"outcome"_s].toString(), u"finished"_s);
        QCOMPARE(copy[u"telemetry"_s][u"layers"_s].toInt(), 12);
        // About 4 s of answer at 20 batches a second.
        QVERIFY2(copy[u"telemetry"_s][u"summary_batches"_s].toInt() > 20,
                 qPrintable(QString::number(copy[u"telemetry"_s][u"summary_batches"_s].toInt())));
        QVERIFY(copy[u"channels"_s][u"completion"_s][u"tokens"_s].toInt() > 100);
    }

    // A recording made with `stream --params P.json --rig R.json` remembers them: it renders
    // without them to exactly the frames rendered with them; --ignore-recorded renders with
    // the defaults instead.
    void recordingRemembersItsSetup() {
        QTemporaryDir dir;
        const QString params = dir.filePath(u"slow.json"_s);
        {
            QFile file(params);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(R"({"gamma": 1.6, "reasoning_ewma_tau_s": 1.5, "master_brightness": 0.7})");
        }
        const QString rig = dir.filePath(u"two.json"_s);
        {
            QFile file(rig);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(
                "{\"format\":\"ossynapse-rig\",\"version\":1,\"name\":\"two lobes\",\"lobes\":["
                "{\"name\":\"thought\",\"metric\":\"reasoning\",\"color\":\"#ff2000\","
                "\"leds\":[{\"pos\":[0,0,0],\"strip\":1},{\"pos\":[1,0,0],\"strip\":0}]},"
                "{\"name\":\"speech\",\"metric\":\"completion_level\",\"color\":\"#40a0ff\","
                "\"leds\":[{\"pos\":[2,0,0],\"strip\":2}]}]}");
        }
        QProcess server;
        const QString port = startAndRead(server,
                                          {u"serve"_s, bundled(u"short-answer.jsonl"_s),
                                           u"--port"_s, u"0"_s, u"--speed"_s, u"4"_s, u"--once"_s},
                                          u"http://127\\.0\\.0\\.1:(\\d+)/v1"_s);
        QVERIFY(!port.isEmpty());
        const QString back = dir.filePath(u"performance.jsonl"_s);
        const Run stream = ossynapse(
            {u"stream"_s, u"--endpoint"_s, u"http://127.0.0.1:"_s + port + u"/v1"_s, u"--prompt"_s,
             u"hi"_s, u"--record"_s, back, u"--params"_s, params, u"--rig"_s, rig});
        QCOMPARE(stream.exitCode, 0);
        QVERIFY(server.waitForFinished(5000));
        const QJsonObject header =
            QJsonDocument::fromJson(fileBytes(back).split('\n').first()).object();
        QCOMPARE(header[u"version"_s].toInt(), 3);
        QCOMPARE(header[u"parameters"_s][u"gamma"_s].toDouble(), 1.6);
        QCOMPARE(header[u"rig"_s][u"name"_s].toString(), u"two lobes"_s);

        const auto render = [&](const QString& name, const QStringList& extra) {
            const QString out = dir.filePath(name);
            const Run run = ossynapse(
                QStringList{u"render"_s, back, u"--fps"_s, u"100"_s, u"--out"_s, out} + extra);
            return run.exitCode == 0 ? fileBytes(out) : QByteArray();
        };
        const QByteArray withParams =
            render(u"with.jsonl"_s, {u"--params"_s, params, u"--rig"_s, rig});
        const QByteArray remembered = render(u"remembered.jsonl"_s, {});
        const QByteArray defaults = render(u"defaults.jsonl"_s, {u"--ignore-recorded"_s});
        QVERIFY(withParams.size() > 10000);
        QVERIFY(withParams.contains("\"leds\":\""));
        QVERIFY(withParams == remembered);
        QVERIFY(defaults.size() > 10000);
        QVERIFY(defaults != remembered);
    }

    // A recorded control change plays at its time: frames before it are those of the first
    // parameters, frames from it on those of the second (a brightness change alters no
    // dynamics), and the change shows.
    void recordedParameterChangePlaysAtItsTime() {
        QTemporaryDir dir;
        QList<QByteArray> lines = fileBytes(bundled(u"burst-heavy.jsonl"_s)).split('\n');
        // Insert {"type":"params","t":5,...} before the first token at or after 5 s.
        const QByteArray change =
            R"({"type":"params","t":5,"parameters":{"master_brightness":0.25}})";
        qsizetype at = 1;
        while (at < lines.size() &&
               QJsonDocument::fromJson(lines.at(at)).object()[u"t"_s].toDouble() < 5.0) {
            ++at;
        }
        lines.insert(at, change);
        const QString changed = dir.filePath(u"changed.jsonl"_s);
        {
            QFile file(changed);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(lines.join('\n'));
        }
        const QString dim = dir.filePath(u"dim.json"_s);
        {
            QFile file(dim);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(R"({"master_brightness":0.25})");
        }
        const auto render = [&](const QString& input, const QString& name,
                                const QStringList& extra) {
            const QString out = dir.filePath(name);
            const Run run = ossynapse(
                QStringList{u"render"_s, input, u"--fps"_s, u"50"_s, u"--out"_s, out} + extra);
            return run.exitCode == 0 ? fileBytes(out).trimmed().split('\n') : QList<QByteArray>();
        };
        const auto played = render(changed, u"played.jsonl"_s, {});
        const auto bright = render(bundled(u"burst-heavy.jsonl"_s), u"bright.jsonl"_s, {});
        const auto dimmed =
            render(bundled(u"burst-heavy.jsonl"_s), u"dimmed.jsonl"_s, {u"--params"_s, dim});
        QVERIFY(played.size() > 500);
        QCOMPARE(played.size(), bright.size());
        QCOMPARE(played.size(), dimmed.size());
        int differing = 0;
        for (qsizetype k = 0; k < played.size(); ++k) {
            QCOMPARE(played.at(k), k < 250 ? bright.at(k) : dimmed.at(k));
            differing += bright.at(k) != dimmed.at(k);
        }
        QVERIFY(differing > 100);
        // Told to, the change is ignored.
        QVERIFY(render(changed, u"ignored.jsonl"_s, {u"--ignore-recorded"_s}) == bright);
    }

    void streamFailureExitsNonZeroWithTheReason() {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const QString url = u"http://127.0.0.1:%1/v1"_s.arg(probe.serverPort());
        probe.close();
        const Run run = ossynapse({u"stream"_s, u"--endpoint"_s, url, u"--prompt"_s, u"hi"_s});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("ossynapse stream: error: ") && run.err.contains("127.0.0.1"),
                 run.err.constData());
    }

    // No byte a server sends ends the process: it finishes or exits with an error, and the
    // recording keeps its end record.
    void streamSurvivesHostileBytes_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("outcome");
        QTest::newRow("usage completion_tokens 1e400")
            << streamFixture(u"usage-number-overflow.sse"_s) << 0 << u"finished"_s;
        QTest::newRow("NUL bytes and garbage")
            << QByteArray(1, '\0') + "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}" +
                   QByteArray(1, '\0') +
                   "\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"b\"}}],\"x\":1e999}\n\n"
                   "data: \xff\xfe{]\n\n"
            << 1 << u"truncated"_s;
        QFile shared(QStringLiteral(OSSYNAPSE_SHARED_FIXTURES_DIR
                                    "/field/hostile/chat_stream-usage-number-overflow.sse"));
        if (shared.open(QIODevice::ReadOnly)) {
            QTest::newRow("../shared hostile usage overflow")
                << shared.readAll() << 1 << u"truncated"_s;
        }
    }
    void streamSurvivesHostileBytes() {
        QFETCH(QByteArray, body);
        QFETCH(int, exitCode);
        QFETCH(QString, outcome);
        MisbehavingServer server;
        server.script(MisbehavingServer::okHead(), {{5, body}});
        QTemporaryDir dir;
        const Streamed run = streamFrom(server, dir.filePath(u"s.jsonl"_s));
        QVERIFY2(run.exitedNormally, run.err.constData());
        QCOMPARE(run.exitCode, exitCode);
        const QList<QByteArray> lines = run.recording.trimmed().split('\n');
        const QJsonObject end = QJsonDocument::fromJson(lines.last()).object();
        QCOMPARE(end.value(u"type"_s).toString(), u"end"_s);
        QCOMPARE(end.value(u"outcome"_s).toString(), outcome);
    }

    // A server that quotes the API key: stdout, stderr and the recording never hold it.
    void streamRedactsTheKey_data() {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QByteArray>("body");
        const QByteArray key = testKey();
        QTest::newRow("401 quoting the key")
            << MisbehavingServer::errorHead(401, "Unauthorized",
                                            "{\"error\":{\"message\":\"Incorrect API key "
                                            "provided: " +
                                                key + "\",\"code\":\"invalid_api_key\"}}")
            << QByteArray();
        // Found by a newcomer's trial: a server quoting the key's first 20 characters and "..."
        // had those 20 shown and recorded.
        QTest::newRow("401 quoting the key's start")
            << MisbehavingServer::errorHead(401, "Unauthorized",
                                            "{\"error\":{\"message\":\"Incorrect API key "
                                            "provided: " +
                                                key.left(20) +
                                                "...\",\"code\":\"invalid_api_key\"}}")
            << QByteArray();
        QTest::newRow("mid-stream error naming the key")
            << MisbehavingServer::okHead()
            << "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
               "data: {\"error\":{\"message\":\"key " +
                   key + " was revoked\",\"code\":401}}\n\n";
    }
    void streamRedactsTheKey() {
        QFETCH(QByteArray, head);
        QFETCH(QByteArray, body);
        MisbehavingServer server;
        server.script(head, body.isEmpty() ? QList<MisbehavingServer::Step>{}
                                           : QList<MisbehavingServer::Step>{{5, body}});
        QTemporaryDir dir;
        const Streamed run = streamFrom(server, dir.filePath(u"s.jsonl"_s));
        QVERIFY(server.request().contains("Bearer " + testKey()));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("[API key redacted]"), run.err.constData());
        for (const QByteArray& text : {run.out, run.err, run.recording}) {
            // No run of 8 of its characters (the redaction threshold) is left.
            QVERIFY2(!text.contains(testKey().left(8)), text.constData());
        }
        QVERIFY(run.recording.contains("[API key redacted]"));
    }

    // kill -9 at any moment: the recording loads, and every token the process had shown
    // (stdout) is in it, in order. A network read is recorded before it is shown.
    void killedStreamKeepsWhatItShowed_data() {
        QTest::addColumn<int>("shownTokens");
        for (const int k : {1, 5, 17, 40, 73, 120, 200, 333}) {
            QTest::addRow("killed after %d tokens", k) << k;
        }
    }
    void killedStreamKeepsWhatItShowed() {
        QFETCH(int, shownTokens);
        QByteArray body;
        for (int i = 0; i < 400; ++i) {
            body += "data: {\"choices\":[{\"delta\":{\"content\":\"w" +
                    QByteArray::number(1000 + i) + " \"}}]}\n\n";
        }
        MisbehavingServer server;
        server.script(MisbehavingServer::okHead(), MisbehavingServer::drip(body, 97, 2), true);
        QTemporaryDir dir;
        const QString record = dir.filePath(u"killed.jsonl"_s);
        QProcess process;
        process.start(QStringLiteral(OSSYNAPSE_CLI),
                      {u"stream"_s, u"--endpoint"_s, server.url(), u"--prompt"_s, u"hi"_s,
                       u"--record"_s, record});
        QByteArray shown;
        QVERIFY(QTest::qWaitFor(
            [&] {
                shown += process.readAllStandardOutput();
                return shown.count(' ') >= shownTokens || process.state() == QProcess::NotRunning;
            },
            60000));
        process.kill();  // SIGKILL
        QVERIFY(process.waitForFinished(5000));
        shown += process.readAllStandardOutput();
        QVERIFY(shown.count(' ') >= shownTokens);
        QVERIFY2(process.exitStatus() == QProcess::CrashExit, "it finished before the kill");

        // The product's reader takes the file (a cut-off session, no end record) ...
        const Run inspect = ossynapse({u"inspect"_s, record});
        QCOMPARE(inspect.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(inspect.out)[u"outcome"_s].toString(), u"truncated"_s);
        // ... and its tokens hold everything that was shown.
        QByteArray recorded;
        int events = 0;
        for (const QByteArray& line : fileBytes(record).split('\n')) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            if (object.value(u"type"_s).toString() == u"token"_s) {
                recorded += object.value(u"text"_s).toString().toUtf8();
                ++events;
            }
        }
        const QByteArray shownWhole = shown.left(shown.lastIndexOf(' ') + 1);
        QVERIFY2(
            recorded.startsWith(shownWhole),
            qPrintable(u"shown %1 tokens, recorded %2"_s.arg(shownWhole.count(' ')).arg(events)));
    }

    void streamNeedsOnePrompt() {
        const Run run = ossynapse({u"stream"_s, u"--endpoint"_s, u"vllm"_s});
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(
            QString::fromUtf8(run.err).trimmed(),
            u"ossynapse stream: error: give exactly one of --prompt and --prompt-file (try 'ossynapse stream --help')"_s);
    }

    void synthesizeWritesALoadableRecording() {
        QTemporaryDir dir;
        const QString out = dir.filePath(u"s.jsonl"_s);
        QCOMPARE(
            ossynapse({u"synthesize"_s, u"burst-heavy"_s, u"--seed"_s, u"9"_s, u"--out"_s, out})
                .exitCode,
            0);
        const Run inspect = ossynapse({u"inspect"_s, out});
        QCOMPARE(inspect.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(inspect.out)[u"source"_s][u"generator"_s].toString(),
                 u"ossynapse synthesize burst-heavy --seed 9"_s);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

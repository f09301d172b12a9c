#include <pwd.h>
#include <unistd.h>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

// The frames a receiver got against the rendered ones: every received frame is a rendered
// frame, byte for byte and in order, the last one (lights off) among them. A live sender sends
// only the newest frame of each engine tick, so a stall of the sending process skips frames
// (never sends them late in a burst): on a quiet machine none is skipped, on a loaded one some
// are, so only a floor of a quarter is checked.
QString compareToRender(const QStringList& received, const QStringList& expected) {
    qsizetype at = 0;
    for (const QString& frame : received) {
        while (at < expected.size() && expected[at] != frame) {
            ++at;
        }
        if (at == expected.size()) {
            return QStringLiteral("a received frame is not the next rendered one");
        }
        ++at;
    }
    if (received.isEmpty() || received.last() != expected.last() ||
        received.size() < expected.size() / 4) {
        return QStringLiteral("%1 of %2 rendered frames arrived")
            .arg(received.size())
            .arg(expected.size());
    }
    return {};
}

// Interop with a receiver we did not write: OLA's olad with its E1.31 and Art-Net plugins
// records what `ossynapse replay` sends, and the recording must equal `ossynapse render`'s
// frames.
class TestOlaInterop : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_olad;

    static QByteArray run(const QString& program,
                          const QStringList& arguments,
                          int* exitCode = nullptr,
                          int timeoutMs = 60000) {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(program, arguments);
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
        }
        if (exitCode != nullptr) {
            *exitCode = process.exitCode();
        }
        return process.readAll();
    }

  private slots:
    void initTestCase() {
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("olad")).isEmpty(),
                 "olad is missing: install Debian's 'ola' package "
                 "(packaging/install-debian-packages.sh does)");
        const QString config = m_dir.filePath(QStringLiteral("ola"));
        QDir().mkpath(config);
        QFile e131(config + QStringLiteral("/ola-e131.conf"));
        QVERIFY(e131.open(QIODevice::WriteOnly));
        e131.write("enabled = true\ninput_ports = 1\noutput_ports = 0\nignore_preview = true\n");
        e131.close();
        // Art-Net in Net 0, Sub-Net 0: an input port patched to OLA universe U listens to the
        // Art-Net Universe U mod 16 (OLA's plugins/artnet/ArtNetPort.cpp).
        QFile artnet(config + QStringLiteral("/ola-artnet.conf"));
        QVERIFY(artnet.open(QIODevice::WriteOnly));
        artnet.write("enabled = true\nnet = 0\nsubnet = 0\ninput_ports = 1\noutput_ports = 0\n");
        artnet.close();
        // olad refuses to run as root: run it as its own user when we are root.
        if (::geteuid() == 0) {
            const passwd* user = ::getpwnam("olad");
            QVERIFY2(user != nullptr, "no 'olad' user (the ola package creates it)");
            QVERIFY(::chown(m_dir.path().toLocal8Bit().constData(), user->pw_uid, user->pw_gid) ==
                    0);
            QVERIFY(::chown(config.toLocal8Bit().constData(), user->pw_uid, user->pw_gid) == 0);
            for (const QFile* file : {&e131, &artnet}) {
                QVERIFY(::chown(file->fileName().toLocal8Bit().constData(), user->pw_uid,
                                user->pw_gid) == 0);
            }
            m_olad.start(QStringLiteral("runuser"),
                         {QStringLiteral("-u"), QStringLiteral("olad"), QStringLiteral("--"),
                          QStringLiteral("olad"), QStringLiteral("-c"), config,
                          QStringLiteral("--no-http")});
        } else {
            m_olad.start(QStringLiteral("olad"),
                         {QStringLiteral("-c"), config, QStringLiteral("--no-http")});
        }
        QVERIFY(m_olad.waitForStarted());
    }

    void cleanupTestCase() {
        m_olad.terminate();
        if (!m_olad.waitForFinished(3000)) {
            run(QStringLiteral("pkill"), {QStringLiteral("-x"), QStringLiteral("olad")});
            m_olad.waitForFinished(3000);
        }
    }

    void olaReceivesOurFrames_data() {
        QTest::addColumn<QString>("device");   // how ola_dev_info names the plugin's device
        QTest::addColumn<QString>("target");   // what `ossynapse replay --to` sends to
        QTest::addColumn<int>("olaUniverse");  // the OLA universe its input port is patched to
        QTest::newRow("E1.31") << QStringLiteral("E1\\.31")
                               << QStringLiteral("e131://127.0.0.1:5568?universe=1") << 1;
        QTest::newRow("Art-Net") << QStringLiteral("ArtNet")
                                 << QStringLiteral("artnet://127.0.0.1:6454?universe=2") << 2;
    }
    void olaReceivesOurFrames() {
        QFETCH(QString, device);
        QFETCH(QString, target);
        QFETCH(int, olaUniverse);
        const QString universe = QString::number(olaUniverse);
        // Find the plugin's device once olad is up, and patch its input port to the universe.
        QString deviceId;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QRegularExpressionMatch match =
                    QRegularExpression(QStringLiteral("Device (\\d+): ") + device)
                        .match(QString::fromUtf8(
                            run(QStringLiteral("ola_dev_info"), {}, nullptr, 2000)));
                deviceId = match.captured(1);
                return match.hasMatch();
            }(),
            15000);
        int code = -1;
        run(QStringLiteral("ola_patch"),
            {QStringLiteral("-d"), deviceId, QStringLiteral("-p"), QStringLiteral("0"),
             QStringLiteral("-i"), QStringLiteral("-u"), universe},
            &code);
        QCOMPARE(code, 0);

        const QString recording = QStringLiteral(OSSYNAPSE_RECORDINGS_DIR "/short-answer.jsonl");
        const QString reference = m_dir.filePath(QStringLiteral("render.jsonl"));
        run(QStringLiteral(OSSYNAPSE_CLI),
            {QStringLiteral("render"), recording, QStringLiteral("--fps"), QStringLiteral("100"),
             QStringLiteral("--out"), reference},
            &code);
        QCOMPARE(code, 0);

        const QString show = m_dir.filePath(QStringLiteral("ola-show-%1.txt").arg(universe));
        QProcess recorder;
        recorder.start(QStringLiteral("ola_recorder"),
                       {QStringLiteral("-r"), show, QStringLiteral("-u"), universe});
        QVERIFY(recorder.waitForStarted());
        QTest::qWait(1000);
        run(QStringLiteral(OSSYNAPSE_CLI),
            {QStringLiteral("replay"), recording, QStringLiteral("--to"), target}, &code);
        QCOMPARE(code, 0);
        QTest::qWait(500);
        // A recorder that already exited has pid 0, and kill(0) would interrupt our own group.
        QVERIFY2(recorder.state() == QProcess::Running,
                 qPrintable(QStringLiteral("ola_recorder ended early: ") +
                            QString::fromUtf8(recorder.readAllStandardError())));
        ::kill(static_cast<pid_t>(recorder.processId()), SIGINT);  // ola_recorder saves on Ctrl-C
        recorder.waitForFinished(5000);

        // "OLA Show", then "<universe> <v>,<v>,..." lines between delay lines.
        QFile file(show);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QStringList received;
        for (const QByteArray& line : file.readAll().split('\n')) {
            if (line.startsWith(universe.toLatin1() + ' ')) {
                QByteArray bytes;
                for (const QByteArray& value : line.mid(universe.size() + 1).split(',')) {
                    bytes.append(static_cast<char>(value.toInt()));
                }
                received << QString::fromLatin1(bytes.toHex());
            }
        }
        QFile renderFile(reference);
        QVERIFY(renderFile.open(QIODevice::ReadOnly));
        QStringList expected;
        for (const QByteArray& line : renderFile.readAll().split('\n')) {
            if (!line.isEmpty()) {
                expected << QJsonDocument::fromJson(line)
                                .object()
                                .value(QStringLiteral("leds"))
                                .toString();
            }
        }
        QVERIFY(expected.size() > 150);
        const QString mismatch = compareToRender(received, expected);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }
};

QTEST_GUILESS_MAIN(TestOlaInterop)
#include "tst_ola_interop.moc"

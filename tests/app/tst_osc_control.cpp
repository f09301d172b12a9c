#include <lo/lo.h>

#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUdpSocket>
#include <set>

#include "app/control/osc_control_server.h"

using namespace Qt::StringLiterals;
using ossynapse::ControlReply;
using ossynapse::OscControlServer;

namespace {

// The owner of a few controls, as the studio or the command line would answer.
struct Owner {
    std::set<QString> keys{u"gamma"_s, u"blackout"_s, u"preset_2"_s};
    std::vector<std::pair<QString, double>> writes;

    ossynapse::ControlWrite write() {
        return [this](const QString& key, double value) -> ControlReply {
            if (!keys.contains(key)) {
                return {ControlReply::Outcome::Unknown, u"no control '%1'"_s.arg(key)};
            }
            writes.emplace_back(key, value);
            return {};
        };
    }
};

// liblo's own sender, as a performer's script uses it.
bool oscsend(quint16 port, const QStringList& message) {
    QProcess process;
    process.start(u"oscsend"_s, QStringList{u"127.0.0.1"_s, QString::number(port)} + message);
    return process.waitForFinished(10000) && process.exitCode() == 0;
}

}  // namespace

// OSC in: every control key at /ossynapse/<key>, sent by liblo's oscsend (liblo-tools) to the
// server on loopback; what arrives reaches the owner, everything else is refused in words.
class TestOscControl : public QObject {
    Q_OBJECT
  private slots:
    void messagesReachTheControls_data() {
        QTest::addColumn<QStringList>("message");  // address, types, arguments (oscsend's)
        QTest::addColumn<QString>("key");          // empty: refused
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("refusal");  // part of the words when refused
        QTest::newRow("float") << QStringList{u"/ossynapse/gamma"_s, u"f"_s, u"2.5"_s} << u"gamma"_s
                               << 2.5 << QString();
        QTest::newRow("double") << QStringList{u"/ossynapse/gamma"_s, u"d"_s, u"1.75"_s}
                                << u"gamma"_s << 1.75 << QString();
        QTest::newRow("int32") << QStringList{u"/ossynapse/gamma"_s, u"i"_s, u"3"_s} << u"gamma"_s
                               << 3.0 << QString();
        QTest::newRow("int64") << QStringList{u"/ossynapse/gamma"_s, u"h"_s, u"2"_s} << u"gamma"_s
                               << 2.0 << QString();
        QTest::newRow("true") << QStringList{u"/ossynapse/blackout"_s, u"T"_s} << u"blackout"_s
                              << 1.0 << QString();
        QTest::newRow("false") << QStringList{u"/ossynapse/blackout"_s, u"F"_s} << u"blackout"_s
                               << 0.0 << QString();
        QTest::newRow("trigger without argument")
            << QStringList{u"/ossynapse/preset_2"_s} << u"preset_2"_s << 1.0 << QString();
        QTest::newRow("string argument")
            << QStringList{u"/ossynapse/gamma"_s, u"s"_s, u"bright"_s} << QString() << 0.0
            << u"takes one number (f, d, i, h, T or F) or none, not 's'"_s;
        QTest::newRow("two arguments")
            << QStringList{u"/ossynapse/gamma"_s, u"ff"_s, u"1"_s, u"2"_s} << QString() << 0.0
            << u"not 'ff'"_s;
        QTest::newRow("not a number") << QStringList{u"/ossynapse/gamma"_s, u"f"_s, u"nan"_s}
                                      << QString() << 0.0 << u"takes a finite number"_s;
        QTest::newRow("another program's address")
            << QStringList{u"/composition/master"_s, u"f"_s, u"1"_s} << QString() << 0.0
            << u"not a control address (/ossynapse/<key>)"_s;
        QTest::newRow("a state address")
            << QStringList{u"/ossynapse/lobe/2/level"_s, u"f"_s, u"1"_s} << QString() << 0.0
            << u"not a control address"_s;
        QTest::newRow("the bare prefix") << QStringList{u"/ossynapse/"_s, u"f"_s, u"1"_s}
                                         << QString() << 0.0 << u"not a control address"_s;
        QTest::newRow("a key the owner lacks") << QStringList{u"/ossynapse/warp"_s, u"f"_s, u"1"_s}
                                               << QString() << 0.0 << u"no control 'warp'"_s;
    }
    void messagesReachTheControls() {
        QFETCH(QStringList, message);
        QFETCH(QString, key);
        QFETCH(double, value);
        QFETCH(QString, refusal);
        Owner owner;
        OscControlServer server(0, owner.write());
        QVERIFY(server.port() != 0);
        QSignalSpy applied(&server, &OscControlServer::applied);
        QSignalSpy refused(&server, &OscControlServer::refused);
        QVERIFY(oscsend(server.port(), message));
        QTRY_COMPARE(applied.size() + refused.size(), 1);
        if (key.isEmpty()) {
            QCOMPARE(refused.at(0).at(0).toString(), message.first());
            QVERIFY2(refused.at(0).at(1).toString().contains(refusal),
                     qPrintable(refused.at(0).at(1).toString()));
            QVERIFY(owner.writes.empty());
        } else {
            QCOMPARE(applied.at(0).at(0).toString(), key);
            QCOMPARE(applied.at(0).at(1).toDouble(), value);
            QCOMPARE(owner.writes.size(), 1u);
            QCOMPARE(owner.writes.front().first, key);
            QCOMPARE(owner.writes.front().second, value);
        }
    }

    // A bundle's messages apply in order; a damaged datagram is dropped and the next one still
    // arrives.
    void bundlesApplyInOrderAndDamageIsDropped() {
        Owner owner;
        OscControlServer server(0, owner.write());
        QSignalSpy applied(&server, &OscControlServer::applied);
        QUdpSocket sender;
        for (const QByteArray& damaged :
             {QByteArray("#bundle\0\0\0\0\0", 12), QByteArray("/ossynapse/gamma\0\0\0\0,f\0\0\x40"),
              QByteArray(300, '\xff')}) {
            sender.writeDatagram(damaged, QHostAddress::LocalHost, server.port());
        }
        lo_address to = lo_address_new("127.0.0.1", std::to_string(server.port()).c_str());
        // LO_TT_IMMEDIATE spelt in C++ (the macro is a C compound literal, flagged by clang).
        lo_bundle bundle = lo_bundle_new(lo_timetag{0U, 1U});
        for (float gamma : {1.5f, 2.5f, 1.8f}) {
            lo_message message = lo_message_new();
            lo_message_add_float(message, gamma);
            lo_bundle_add_message(bundle, "/ossynapse/gamma", message);
        }
        QCOMPARE(lo_send_bundle(to, bundle) > 0, true);
        lo_bundle_free_recursive(bundle);
        lo_address_free(to);
        QTRY_COMPARE(applied.size(), 3);
        QCOMPARE(owner.writes.size(), 3u);
        QCOMPARE(owner.writes[0].second, 1.5);
        QCOMPARE(owner.writes[1].second, 2.5);
        QCOMPARE(owner.writes[2].second, double(1.8f));
    }

    // A port another program holds is refused in words, not taken silently.
    void aTakenPortIsRefusedInWords() {
        Owner owner;
        OscControlServer first(0, owner.write());
        try {
            OscControlServer second(first.port(), owner.write());
            QFAIL("a second server listened on the same port");
        } catch (const ossynapse::ControlSurfaceError& error) {
            const QString words = QString::fromUtf8(error.what());
            QVERIFY2(
                words.startsWith(u"cannot listen for OSC on UDP port %1: "_s.arg(first.port())),
                qPrintable(words));
        }
    }
};

QTEST_GUILESS_MAIN(TestOscControl)
#include "tst_osc_control.moc"

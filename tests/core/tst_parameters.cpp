#include <QTest>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/parameters.h"

using namespace ossynapse;
using nlohmann::json;

class TestParameters : public QObject {
    Q_OBJECT
  private slots:
    void defaultsAreTheSeeds() {
        const Parameters p;
        QCOMPARE(p.idleTimeoutS, 0.1);
        QCOMPARE(p.intensityCeilingTps, 200.0);
        QCOMPARE(p.activeThresholdTps, 0.5);
        QCOMPARE(p.streamThresholdTps, 15.0);
        QCOMPARE(p.heartbeatThresholdTps, 80.0);
        QCOMPARE(p.burstAccentTps, 30.0);
        QCOMPARE(p.gamma, 2.2);
        p.validate();
    }

    void jsonRoundTrip() {
        Parameters p;
        p.gamma = 1.9;
        p.reasoningEwmaTauS = 0.8;
        p.lissajousRatio = 1.25;
        const json text = json::parse(p.toJson().dump());
        QCOMPARE(Parameters::fromJson(text), p);
        QCOMPARE(text.at("format").get<std::string>(), std::string("ossynapse-parameters"));
        QCOMPARE(text.at("version").get<int>(), 1);
        QCOMPARE(text.size(), parameterFields().size() + 2);
    }

    void missingFieldsKeepDefaults() {
        const Parameters p = Parameters::fromJson(json{{"gamma", 2.5}});
        QCOMPARE(p.gamma, 2.5);
        QCOMPARE(p.idleTimeoutS, Parameters{}.idleTimeoutS);
    }

    // The message names the field, the value and the allowed range.
    void badValuesAreRefusedWithMessage_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("message");
        QTest::newRow("gamma too high") << R"({"gamma": 7})"
                                        << "parameter 'gamma' = 7 is out of range [1, 4]";
        QTest::newRow("negative idle")
            << R"({"idle_timeout_s": -0.5})"
            << "parameter 'idle_timeout_s' = -0.5 is out of range [0.01, 10]";
        QTest::newRow("brightness above 1")
            << R"({"master_brightness": 1.5})"
            << "parameter 'master_brightness' = 1.5 is out of range [0, 1]";
        QTest::newRow("unknown field") << R"({"gama": 2})"
                                       << "unknown parameter 'gama'";
        QTest::newRow("not a number") << R"({"gamma": "2.2"})"
                                      << "parameter 'gamma' must be a number, got \"2.2\"";
        QTest::newRow("thresholds out of order")
            << R"({"stream_threshold_tps": 90})"
            << "parameter 'heartbeat_threshold_tps' = 80 must be above 'stream_threshold_tps' = 90";
        QTest::newRow("not an object") << "[1, 2]"
                                       << "parameters must be a JSON object, got [1,2]";
        QTest::newRow("wrong format")
            << R"({"format": "ossynapse-rig"})"
            << "parameters 'format' is \"ossynapse-rig\", expected \"ossynapse-parameters\"";
        QTest::newRow("future version")
            << R"({"version": 2})"
            << "parameters 'version' = 2 is not supported (this build reads version 1)";
    }
    void badValuesAreRefusedWithMessage() {
        QFETCH(QString, input);
        QFETCH(QString, message);
        try {
            Parameters::fromJson(json::parse(input.toStdString()));
            QFAIL("accepted bad parameters");
        } catch (const InputError& error) {
            QCOMPARE(QString::fromStdString(error.what()), message);
        }
    }

    void everyFieldHasRangeAndUnitText() {
        const Parameters defaults;
        for (const ParameterField& field : parameterFields()) {
            QVERIFY(!field.key.empty());
            QVERIFY(!field.description.empty());
            QVERIFY(field.minimum < field.maximum);
            const double value = defaults.*field.member;
            QVERIFY2(value >= field.minimum && value <= field.maximum, field.key.data());
        }
    }

    // What the studio offers a field: its own range narrowed by the neighbours it must stay
    // between, each named; every value inside is accepted and each bound a neighbour sets is
    // refused.
    void effectiveLimitsNameTheNeighbours_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<double>("minimum");
        QTest::addColumn<double>("maximum");
        QTest::addColumn<QString>("below");
        QTest::addColumn<QString>("above");
        QTest::newRow("active: under stream") << "active_threshold_tps" << 0.0 << 15.0 << ""
                                              << "stream_threshold_tps";
        QTest::newRow("stream: between active and heartbeat")
            << "stream_threshold_tps" << 0.5 << 80.0 << "active_threshold_tps"
            << "heartbeat_threshold_tps";
        QTest::newRow("heartbeat: over stream")
            << "heartbeat_threshold_tps" << 15.0 << 100000.0 << "stream_threshold_tps"
            << "";
        QTest::newRow("gamma: its own range") << "gamma" << 1.0 << 4.0 << ""
                                              << "";
    }
    void effectiveLimitsNameTheNeighbours() {
        QFETCH(QString, key);
        QFETCH(double, minimum);
        QFETCH(double, maximum);
        QFETCH(QString, below);
        QFETCH(QString, above);
        const Parameters defaults;
        for (const ParameterField& field : parameterFields()) {
            if (QString::fromUtf8(field.key.data(), static_cast<qsizetype>(field.key.size())) !=
                key) {
                continue;
            }
            const ParameterLimits limits = effectiveLimits(defaults, field);
            QCOMPARE(limits.minimum, minimum);
            QCOMPARE(limits.maximum, maximum);
            QCOMPARE(QString::fromUtf8(limits.minimumNeighbour.data(),
                                       static_cast<qsizetype>(limits.minimumNeighbour.size())),
                     below);
            QCOMPARE(QString::fromUtf8(limits.maximumNeighbour.data(),
                                       static_cast<qsizetype>(limits.maximumNeighbour.size())),
                     above);
            const auto accepts = [&](double value) {
                Parameters p = defaults;
                p.*field.member = value;
                try {
                    p.validate();
                    return true;
                } catch (const InputError&) {
                    return false;
                }
            };
            QVERIFY(accepts((minimum + maximum) / 2));
            QCOMPARE(accepts(minimum), below.isEmpty());
            QCOMPARE(accepts(maximum), above.isEmpty());
            return;
        }
        QFAIL("no such field");
    }
};

QTEST_APPLESS_MAIN(TestParameters)
#include "tst_parameters.moc"

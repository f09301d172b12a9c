#include <QTest>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/preset_bank.h"

using namespace ossynapse;
using nlohmann::json;

namespace {

PresetBank twoPresets() {
    PresetBank bank;
    Parameters calm;
    calm.gamma = 2.6;
    calm.masterBrightness = 0.4;
    bank.bySlot[0] = Preset{"calm", calm};
    Parameters loud;
    loud.breatheLevel = 0.5;
    bank.bySlot[8] = Preset{"", loud};
    return bank;
}

}  // namespace

class TestPresetBank : public QObject {
    Q_OBJECT
  private slots:
    void roundTripsThroughJson() {
        const PresetBank bank = twoPresets();
        const json written = bank.toJson();
        QCOMPARE(written["format"].get<std::string>(), std::string("ossynapse-presets"));
        QCOMPARE(written["presets"].size(), std::size_t{2});
        QCOMPARE(written["presets"][0]["slot"].get<int>(), 1);
        QCOMPARE(written["presets"][1]["slot"].get<int>(), 9);
        const PresetBank read = PresetBank::fromJson(json::parse(written.dump()));
        QVERIFY(read == bank);
        QVERIFY(!read.bySlot[1]);
    }

    void emptyBankIsValid() {
        const PresetBank read = PresetBank::fromJson(PresetBank{}.toJson());
        for (const auto& slot : read.bySlot) {
            QVERIFY(!slot);
        }
    }

    // A bank is taken whole or not at all, and the message names the slot and the fault.
    void badBanksAreRefused_data() {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a bank") << "format"
                                    << "not a preset bank: 'format' must be \"ossynapse-presets\"";
        QTest::newRow("newer version")
            << "version"
            << "preset bank 'version' 2 is not supported (this build reads version 1)";
        QTest::newRow("presets not a list") << "presets"
                                            << "preset bank: 'presets' must be a list";
        QTest::newRow("slot 0") << "slot0"
                                << "preset bank entry 0: 'slot' must be a whole number from 1 to 9";
        QTest::newRow("slot 10")
            << "slot10"
            << "preset bank entry 0: 'slot' must be a whole number from 1 to 9";
        QTest::newRow("slot twice") << "twice"
                                    << "preset bank entry 1: slot 1 is given twice";
        QTest::newRow("name not text") << "name"
                                       << "preset 1: 'name' must be text";
        QTest::newRow("name too long") << "longname"
                                       << "preset 1: 'name' is longer than 40 bytes";
        QTest::newRow("no parameters") << "noparams"
                                       << "preset 1: 'parameters' is missing";
        QTest::newRow("parameter out of range")
            << "gamma"
            << "preset 1: parameter 'gamma' = 9 is out of range [1, 4]";
    }
    void badBanksAreRefused() {
        QFETCH(QString, edit);
        QFETCH(QString, message);
        json bank = twoPresets().toJson();
        json& first = bank["presets"][0];
        if (edit == "format")
            bank["format"] = "ossynapse-parameters";
        if (edit == "version")
            bank["version"] = 2;
        if (edit == "presets")
            bank["presets"] = json::object();
        if (edit == "slot0")
            first["slot"] = 0;
        if (edit == "slot10")
            first["slot"] = 10;
        if (edit == "twice")
            bank["presets"][1]["slot"] = 1;
        if (edit == "name")
            first["name"] = 7;
        if (edit == "longname")
            first["name"] = std::string(41, 'x');
        if (edit == "noparams")
            first.erase("parameters");
        if (edit == "gamma")
            first["parameters"]["gamma"] = 9;
        try {
            PresetBank::fromJson(bank);
            QFAIL("a bad bank was taken");
        } catch (const InputError& error) {
            QCOMPARE(QString::fromUtf8(error.what()), message);
        }
    }

    void describesWhatDiffersFromTheDefaults_data() {
        QTest::addColumn<double>("gamma");
        QTest::addColumn<double>("master");
        QTest::addColumn<QString>("described");
        QTest::newRow("defaults") << 2.2 << 1.0 << "the defaults";
        QTest::newRow("one") << 2.6 << 1.0 << "gamma 2.6";
        QTest::newRow("two, in field order") << 2.6 << 0.4 << "gamma 2.6, master_brightness 0.4";
    }
    void describesWhatDiffersFromTheDefaults() {
        QFETCH(double, gamma);
        QFETCH(double, master);
        QFETCH(QString, described);
        Parameters preset;
        preset.gamma = gamma;
        preset.masterBrightness = master;
        QCOMPARE(QString::fromStdString(describePreset(preset, Parameters{})), described);
    }
};

QTEST_APPLESS_MAIN(TestPresetBank)
#include "tst_preset_bank.moc"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "app/common/engine_files.h"
#include "app/common/json_file.h"
#include "core/error.h"

using namespace ossynapse;

class TestEngineFiles : public QObject {
    Q_OBJECT
  private slots:
    void presetRoundTripsThroughAFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("preset.json")).toStdString();
        Parameters p;
        p.gamma = 2.6;
        p.completionEwmaTauS = 0.1;
        writeJsonFile(path, p.toJson());
        QCOMPARE(loadParametersFile(path), p);
        QVERIFY(!QFile::exists(QString::fromStdString(path + ".tmp")));
    }

    void rigRoundTripsThroughAFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("rig.json")).toStdString();
        writeJsonFile(path, Rig::defaultSkull().toJson());
        QCOMPARE(loadRigFile(path), Rig::defaultSkull());
    }

    void badJsonSaysWhere() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\n  \"gamma\": 2.2,\n  oops\n}");
        file.close();
        try {
            loadParametersFile(path.toStdString());
            QFAIL("accepted broken JSON");
        } catch (const InputError& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.startsWith(path + QStringLiteral(": bad JSON: parse error at line 3")),
                     qPrintable(message));
        }
    }
};

QTEST_APPLESS_MAIN(TestEngineFiles)
#include "tst_engine_files.moc"

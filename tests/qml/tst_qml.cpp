// Qt Quick Test runner for the studio's QML components.
#include <QtQml/qqmlextensionplugin.h>
#include <QQmlEngine>
#include <QtPlugin>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(OSSynapse_StudioPlugin)
Q_IMPORT_QML_PLUGIN(OSSynapse_BackendPlugin)

class Setup : public QObject {
    Q_OBJECT
  public slots:
    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(ossynapse_qml, Setup)
#include "tst_qml.moc"

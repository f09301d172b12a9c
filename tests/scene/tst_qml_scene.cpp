// Qt Quick Test runner for the studio's 3D components: a real StudioEngine behind the QML
// singleton and a real scene, run in an X server (Xvfb in CI) because Qt Quick 3D needs one.
#include <QtQml/qqmlextensionplugin.h>
#include <QCoreApplication>
#include <QQmlEngine>
#include <QSettings>
#include <QTemporaryDir>
#include <QtPlugin>
#include <QtQuickTest>

#include "app/studio/studio_engine.h"

Q_IMPORT_QML_PLUGIN(OSSynapse_StudioPlugin)
Q_IMPORT_QML_PLUGIN(OSSynapse_BackendPlugin)

class Setup : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings;

  public slots:
    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        // Presets and other settings the suite stores stay in a folder of its own.
        QCoreApplication::setOrganizationName(QStringLiteral("ossynapse-tests"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        ossynapse::StudioEngine::setInstance(new ossynapse::StudioEngine(engine));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(ossynapse_qml_scene, Setup)
#include "tst_qml_scene.moc"

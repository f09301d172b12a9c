import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import OSSynapse.Backend

Pane {
    id: panel
    required property ParameterModel parameters
    required property LiveSession liveSession
    required property RigEditState rigEdit
    required property TelemetryLink telemetryLink
    property alias currentTab: tabs.currentIndex
    padding: 0

    readonly property int rigTab: 2

    // Ctrl+S opens the Rig tab's save dialog (the caller shows the tab: setting it here would
    // replace the window's binding to it).
    function saveRig() {
        rigPanel.saveRigAs()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TabBar {
            id: tabs
            Layout.fillWidth: true
            // Equal shares of the panel's width, however long the labels are.
            contentWidth: width
            TabButton { text: qsTr("Tune") }
            TabButton { text: qsTr("Live") }
            TabButton { text: qsTr("Rig") }
            TabButton { text: qsTr("Outputs") }
            TabButton { text: qsTr("Model") }
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex

            TuningPanel { parameters: panel.parameters }
            LivePanel { session: panel.liveSession }
            RigPanel { id: rigPanel; rigEdit: panel.rigEdit }
            OutputsPanel {}
            ModelPanel { link: panel.telemetryLink }
        }
    }
}

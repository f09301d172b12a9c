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
            RigPanel { rigEdit: panel.rigEdit }
            OutputsPanel {}
            ModelPanel { link: panel.telemetryLink }
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OSSynapse.Backend

// Live use: master brightness, blackout, freeze and the nine presets; nothing else.
Rectangle {
    id: controls
    required property ParameterModel parameters
    signal leave()

    color: "#c0101318"
    height: 74

    RowLayout {
        anchors.fill: parent
        anchors.margins: 14
        spacing: 14

        Label { text: qsTr("Master"); color: "#c8cfdd" }
        Slider {
            id: master
            Layout.preferredWidth: 260
            from: 0
            to: 1
            value: controls.parameters.value("master_brightness")
            onMoved: controls.parameters.setValueByKey("master_brightness", value)
        }
        Button {
            text: qsTr("Blackout (B)")
            checkable: true
            checked: StudioEngine.blackout
            onToggled: StudioEngine.blackout = checked
        }
        Button {
            text: qsTr("Freeze")
            checkable: true
            checked: StudioEngine.frozen
            onToggled: StudioEngine.frozen = checked
        }
        Item { Layout.fillWidth: true }
        Repeater {
            model: 9
            Button {
                required property int index
                text: String(index + 1)
                implicitWidth: 40
                enabled: controls.parameters.hasSlot(index + 1)
                onClicked: controls.parameters.recallSlot(index + 1)
            }
        }
        Button {
            text: qsTr("Exit (F)")
            onClicked: controls.leave()
        }
    }
}

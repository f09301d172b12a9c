import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OSSynapse.Backend

// Live use: master brightness, blackout, freeze and the nine presets; nothing else. Each is
// bound to its control (StudioEngine.controls), so it shows what is applied, whoever changed it.
Rectangle {
    id: controls
    signal leave()

    readonly property Control masterControl: StudioEngine.controls.control("master_brightness")

    color: "#c0101318"
    height: 74

    // Down to an 800 px screen: the master slider and then the preset buttons give up width
    // (to 100 and 32 px; a name cut short is whole in its tip) before anything leaves it.
    RowLayout {
        anchors.fill: parent
        anchors.margins: 14
        spacing: controls.width < 1000 ? 8 : 14

        Label { text: qsTr("Master"); color: "#c8cfdd" }
        Slider {
            id: master
            objectName: "master"
            Layout.fillWidth: true
            Layout.minimumWidth: 100
            Layout.preferredWidth: 260
            Layout.maximumWidth: 260
            from: controls.masterControl.minimum
            to: controls.masterControl.maximum
            value: controls.masterControl.value
            onMoved: {
                controls.masterControl.value = value
                // Dragging replaced the binding: follow the control again.
                value = Qt.binding(() => controls.masterControl.value)
            }
        }
        // On, each says so in words and colour: a dark skull must never look like a quiet one.
        Button {
            objectName: "blackoutButton"
            text: checked ? qsTr("BLACKOUT ON (B)") : qsTr("Blackout (B)")
            checkable: true
            checked: StudioEngine.blackout
            highlighted: checked
            onToggled: StudioEngine.blackout = checked
        }
        Button {
            objectName: "freezeButton"
            text: checked ? qsTr("FROZEN") : qsTr("Freeze")
            checkable: true
            checked: StudioEngine.frozen
            highlighted: checked
            onToggled: StudioEngine.frozen = checked
        }
        Item { Layout.fillWidth: true }
        Repeater {
            model: StudioEngine.controls.presets
            Button {
                required property int slot
                required property string label
                required property string summary
                readonly property Control preset: StudioEngine.controls.control("preset_" + slot)
                objectName: "preset" + slot
                // The name a performer gave it, short enough that all nine fit.
                text: label
                implicitWidth: Math.max(40, Math.min(110, contentItem.implicitWidth + leftPadding + rightPadding))
                Layout.fillWidth: true
                Layout.minimumWidth: 32
                Layout.preferredWidth: implicitWidth
                Layout.maximumWidth: implicitWidth
                clip: true
                enabled: preset.available
                // A stored preset shows it: lit, where an empty one is a dim outline.
                highlighted: preset.available
                onClicked: preset.value = 1
                // What the preset holds, shown on hover.
                readonly property string details: qsTr("%1 (key %2): %3").arg(label).arg(slot).arg(summary)
                ToolTip.visible: hovered && preset.available
                ToolTip.text: details
            }
        }
        Button {
            objectName: "exitButton"
            text: qsTr("Exit (F)")
            onClicked: controls.leave()
        }
    }
}

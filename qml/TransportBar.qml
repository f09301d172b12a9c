import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OSSynapse.Backend

// Play, pause, seek, speed, loop, and what to play.
ToolBar {
    id: bar
    property bool wireView: false
    property bool weightsView: false
    signal openRequested()
    signal wireViewToggled()
    signal weightsViewToggled()
    signal performanceRequested()

    function clock(seconds) {
        const s = Math.max(0, seconds)
        const m = Math.floor(s / 60)
        const rest = s - m * 60
        return m + ":" + (rest < 10 ? "0" : "") + rest.toFixed(1)
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 8
        anchors.rightMargin: 8
        spacing: 8

        ToolButton {
            text: StudioEngine.playing ? "❚❚" : "▶"
            enabled: !StudioEngine.live
            onClicked: StudioEngine.togglePlaying()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Play or pause (Space)")
        }
        Label {
            text: bar.clock(StudioEngine.position) + " / " + bar.clock(StudioEngine.duration)
            font.family: "monospace"
        }
        Slider {
            id: timeline
            Layout.fillWidth: true
            from: 0
            to: Math.max(0.1, StudioEngine.duration)
            enabled: !StudioEngine.live
            value: pressed ? value : StudioEngine.position
            onMoved: StudioEngine.seek(value)
        }
        ComboBox {
            id: speed
            model: ["0.25×", "0.5×", "1×", "2×", "4×", "8×"]
            readonly property var values: [0.25, 0.5, 1, 2, 4, 8]
            currentIndex: values.indexOf(StudioEngine.speed) >= 0 ? values.indexOf(StudioEngine.speed) : 2
            onActivated: (index) => StudioEngine.speed = values[index]
            implicitWidth: 80
        }
        ToolButton {
            text: qsTr("Loop")
            checkable: true
            checked: StudioEngine.loop
            onToggled: StudioEngine.loop = checked
        }
        ToolButton {
            text: qsTr("As recorded")
            checkable: true
            checked: StudioEngine.playAsRecorded
            onToggled: StudioEngine.playAsRecorded = checked
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Play a recording with the parameters, rig and control changes it remembers")
        }
        ComboBox {
            id: bundled
            implicitWidth: 190
            model: StudioEngine.bundledRecordings
            textRole: "name"
            displayText: StudioEngine.sourceName
            onActivated: (index) => StudioEngine.openRecording(model[index].url)
        }
        ToolButton {
            objectName: "openButton"
            text: qsTr("Open…")
            onClicked: bar.openRequested()
        }
        ToolButton {
            text: qsTr("Two-wire")
            checkable: true
            checked: bar.wireView
            onClicked: bar.wireViewToggled()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("The seed's two wires: A red (reasoning), B white (completion) (W)")
        }
        ToolButton {
            objectName: "weightsButton"
            text: qsTr("Weights")
            checkable: true
            checked: bar.weightsView
            onClicked: bar.weightsViewToggled()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("The model's weights as it trains, one pixel each, with its text (V)")
        }
        ToolButton {
            text: qsTr("Perform")
            onClicked: bar.performanceRequested()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Performance mode (F)")
        }
    }
}

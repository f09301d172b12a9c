import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQml.Models
import OSSynapse.Backend

// Play, pause, seek, speed, loop, and what to play. Two rows: the time (play, clock, timeline,
// speed) and what is played and shown. The second row's less-used buttons go into a ⋯ menu,
// least used first, when the window is too narrow for them (800 px wide, all else shows).
ToolBar {
    id: bar
    property bool wireView: false
    property bool weightsView: false
    signal openRequested()
    signal wireViewToggled()
    signal weightsViewToggled()
    signal performanceRequested()

    // The studio's clock format, the one place it is written: m:ss.s, h:mm:ss.s from an hour
    // (1:40:00.5, not 100:00.5). Rounded to the tenth first, so 59.95 s reads 1:00.0.
    function clock(seconds) {
        const tenths = Math.round(Math.max(0, seconds) * 10)
        const h = Math.floor(tenths / 36000)
        const m = Math.floor(tenths / 600) % 60
        const s = (tenths % 600) / 10
        const ss = (s < 10 ? "0" : "") + s.toFixed(1)
        return h > 0 ? h + ":" + (m < 10 ? "0" : "") + m + ":" + ss : m + ":" + ss
    }

    contentHeight: timeRow.implicitHeight + showRow.implicitHeight

    RowLayout {
        id: timeRow
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.leftMargin: 8
        anchors.rightMargin: 8
        spacing: 8

        ToolButton {
            objectName: "playButton"
            text: StudioEngine.playing ? "❚❚" : "▶"
            enabled: !StudioEngine.live
            onClicked: StudioEngine.togglePlaying()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Play or pause (Space)")
        }
        Label {
            objectName: "clock"
            text: bar.clock(StudioEngine.position) + " / " + bar.clock(StudioEngine.duration)
            font.family: "monospace"
        }
        Slider {
            id: timeline
            objectName: "timeline"
            Layout.fillWidth: true
            from: 0
            to: Math.max(0.1, StudioEngine.duration)
            enabled: !StudioEngine.live
            value: pressed ? value : StudioEngine.position
            onMoved: StudioEngine.seek(value)
            ToolTip.visible: hovered && !pressed && StudioEngine.sessionText.spans.length > 0
            ToolTip.delay: 800
            ToolTip.text: qsTr("Red: reasoning streams · white: the answer streams")

            // When each channel streamed, in the lobes' colours, behind the groove: from where
            // the handle's centre stands at a span's start to where it stands at its end.
            Item {
                id: spanBands
                objectName: "spanBands"
                z: -1
                anchors.left: parent.left
                anchors.leftMargin: timeline.leftPadding + timeline.handle.width / 2
                anchors.right: parent.right
                anchors.rightMargin: timeline.rightPadding + timeline.handle.width / 2
                anchors.verticalCenter: parent.verticalCenter
                anchors.verticalCenterOffset: (timeline.topPadding - timeline.bottomPadding) / 2
                height: 12
                Repeater {
                    model: StudioEngine.sessionText.spans
                    Rectangle {
                        required property var modelData
                        objectName: "spanBand"
                        readonly property string channel: modelData.channel
                        x: spanBands.width * (modelData.start - timeline.from)
                           / (timeline.to - timeline.from)
                        width: Math.max(2, spanBands.width * (modelData.end - modelData.start)
                                           / (timeline.to - timeline.from))
                        height: spanBands.height
                        radius: 2
                        color: channel === "reasoning" ? "#ff5a44" : "#eef2ff"
                        opacity: 0.6
                    }
                }
            }
        }
        ComboBox {
            id: speed
            objectName: "speedBox"
            model: ["0.25×", "0.5×", "1×", "2×", "4×", "8×"]
            readonly property var values: [0.25, 0.5, 1, 2, 4, 8]
            currentIndex: values.indexOf(StudioEngine.speed) >= 0 ? values.indexOf(StudioEngine.speed) : 2
            onActivated: (index) => StudioEngine.speed = values[index]
            implicitWidth: 80
        }
    }

    // Each intent once, for its button in the row and its item in the ⋯ menu. A click toggles
    // an action's `checked`: it is bound again to what is applied, so a key (W, V) or another
    // control that changes it shows here too.
    Action {
        id: loopAction
        text: qsTr("Loop")
        checkable: true
        checked: StudioEngine.loop
        onTriggered: {
            StudioEngine.loop = checked
            checked = Qt.binding(() => StudioEngine.loop)
        }
    }
    Action {
        id: asRecordedAction
        text: qsTr("As recorded")
        checkable: true
        checked: StudioEngine.playAsRecorded
        onTriggered: {
            StudioEngine.playAsRecorded = checked
            checked = Qt.binding(() => StudioEngine.playAsRecorded)
        }
    }
    Action {
        id: twoWireAction
        text: qsTr("Two-wire")
        checkable: true
        checked: bar.wireView
        onTriggered: {
            bar.wireViewToggled()
            checked = Qt.binding(() => bar.wireView)
        }
    }
    Action {
        id: weightsAction
        text: qsTr("Weights")
        checkable: true
        checked: bar.weightsView
        onTriggered: {
            bar.weightsViewToggled()
            checked = Qt.binding(() => bar.weightsView)
        }
    }
    Action {
        id: performAction
        text: qsTr("Perform")
        onTriggered: bar.performanceRequested()
    }

    // The buttons that may go into the ⋯ menu, the one kept longest first.
    readonly property var optionalButtons: [performButton, twoWireButton, weightsButton,
                                            loopButton, asRecordedButton]
    // How many of them fit in the row beside the recording box at its least, Open… and ⋯.
    readonly property int shownOptional: {
        let room = showRow.width - bundled.Layout.minimumWidth - openButton.implicitWidth
                   - moreButton.implicitWidth - 3 * showRow.spacing
        let shown = 0
        for (const button of optionalButtons) {
            room -= button.implicitWidth + showRow.spacing
            if (room < 0)
                break
            ++shown
        }
        return shown
    }
    function inRow(button) {
        return optionalButtons.indexOf(button) < shownOptional
    }
    // The ⋯ menu's items: the folded buttons' actions, in the row's order.
    readonly property var foldedItems: [
        { button: loopButton, action: loopAction, name: "loopItem", text: qsTr("Loop") },
        { button: asRecordedButton, action: asRecordedAction, name: "asRecordedItem",
          text: qsTr("As recorded") },
        { button: twoWireButton, action: twoWireAction, name: "twoWireItem",
          text: qsTr("Two-wire (W)") },
        { button: weightsButton, action: weightsAction, name: "weightsItem",
          text: qsTr("Weights (V)") },
        { button: performButton, action: performAction, name: "performItem",
          text: qsTr("Perform (F)") }
    ].filter(item => optionalButtons.indexOf(item.button) >= shownOptional)

    RowLayout {
        id: showRow
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: timeRow.bottom
        anchors.leftMargin: 8
        anchors.rightMargin: 8
        spacing: 8

        ToolButton {
            id: loopButton
            objectName: "loopButton"
            action: loopAction
            visible: bar.inRow(loopButton)
        }
        ToolButton {
            id: asRecordedButton
            objectName: "asRecordedButton"
            action: asRecordedAction
            visible: bar.inRow(asRecordedButton)
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Play a recording with the parameters, rig and control changes it remembers")
        }
        ComboBox {
            id: bundled
            objectName: "recordingBox"
            Layout.fillWidth: true
            Layout.minimumWidth: 120
            Layout.preferredWidth: 190
            Layout.maximumWidth: 260
            model: StudioEngine.bundledRecordings
            textRole: "name"
            displayText: StudioEngine.sourceName
            onActivated: (index) => StudioEngine.openRecording(model[index].url)
        }
        ToolButton {
            id: openButton
            objectName: "openButton"
            text: qsTr("Open…")
            onClicked: bar.openRequested()
        }
        Item { Layout.fillWidth: true }
        ToolButton {
            id: twoWireButton
            objectName: "twoWireButton"
            action: twoWireAction
            visible: bar.inRow(twoWireButton)
            ToolTip.visible: hovered
            ToolTip.text: qsTr("The seed's two wires: A red (reasoning), B white (completion) (W)")
        }
        ToolButton {
            id: weightsButton
            objectName: "weightsButton"
            action: weightsAction
            visible: bar.inRow(weightsButton)
            ToolTip.visible: hovered
            ToolTip.text: qsTr("The model's weights as it trains, one pixel each, with its text (V)")
        }
        ToolButton {
            id: performButton
            objectName: "performButton"
            action: performAction
            visible: bar.inRow(performButton)
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Performance mode (F)")
        }
        ToolButton {
            id: moreButton
            objectName: "moreButton"
            text: "⋯"
            visible: bar.shownOptional < bar.optionalButtons.length
            onClicked: moreMenu.open()
            ToolTip.visible: hovered && !moreMenu.visible
            ToolTip.text: qsTr("More: what the window has no room for")

            // Above the bar, which is at the window's foot: what the row has no room for, in
            // the row's order.
            Menu {
                id: moreMenu
                objectName: "moreMenu"
                y: -height
                Instantiator {
                    model: bar.foldedItems
                    delegate: MenuItem {
                        required property var modelData
                        objectName: modelData.name
                        action: modelData.action
                        text: modelData.text
                    }
                    onObjectAdded: (index, object) => moreMenu.insertItem(index, object)
                    onObjectRemoved: (index, object) => {
                        for (let i = 0; i < moreMenu.count; ++i) {
                            if (moreMenu.itemAt(i) === object) {
                                moreMenu.takeItem(i)
                                return
                            }
                        }
                    }
                }
            }
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OSSynapse.Backend

// Where the frames go besides the screen, each target's state, and lobe identification on the
// real skull.
ColumnLayout {
    spacing: 6

    // The kinds of target and their options, as the sink factory writes them for
    // `ossynapse replay --help`, laid out for a narrow panel: each kind's syntax on a line of its
    // own (a long URI may break anywhere), its summary under it broken only between words.
    ColumnLayout {
        objectName: "outputHelp"
        Layout.fillWidth: true
        Layout.margins: 10
        spacing: 4
        Label {
            text: qsTr("Targets (URIs)")
            color: "#8a93a6"
            font.pixelSize: 11
            font.bold: true
        }
        Repeater {
            model: StudioEngine.outputKinds
            ColumnLayout {
                required property var modelData
                Layout.fillWidth: true
                spacing: 0
                Label {
                    Layout.fillWidth: true
                    text: modelData.syntax
                    wrapMode: Text.WrapAnywhere
                    color: "#c8cfdd"
                    font.family: "monospace"
                    font.pixelSize: 11
                }
                Label {
                    objectName: "outputKindSummary"
                    Layout.fillWidth: true
                    Layout.leftMargin: 12
                    text: modelData.summary
                    wrapMode: Text.WordWrap
                    color: "#8a93a6"
                    font.pixelSize: 11
                }
            }
        }
        Label {
            objectName: "outputOptionsHelp"
            Layout.fillWidth: true
            Layout.topMargin: 4
            text: StudioEngine.outputOptionsHelp
            wrapMode: Text.WordWrap
            color: "#8a93a6"
            font.pixelSize: 11
        }
    }
    RowLayout {
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        TextField {
            id: uri
            Layout.fillWidth: true
            placeholderText: "ddp://192.168.1.50"
            onAccepted: add.clicked()
        }
        Button {
            id: add
            text: qsTr("Add")
            onClicked: {
                StudioEngine.addOutput(uri.text)
                uri.text = ""
            }
        }
    }
    ListView {
        id: outputList
        Layout.fillWidth: true
        Layout.preferredHeight: Math.max(40, contentHeight)
        model: StudioEngine.outputs
        spacing: 4
        delegate: RowLayout {
            required property var modelData
            required property int index
            width: outputList.width - 20
            x: 10
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                Label { text: modelData.uri; elide: Text.ElideMiddle; Layout.fillWidth: true }
                Label {
                    text: modelData.state + " · " + modelData.sent
                    color: modelData.state.startsWith("sending") ? "#8fd19e" : "#ff8a7a"
                    font.pixelSize: 11
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }
            ToolButton { text: "✕"; onClicked: StudioEngine.removeOutput(index) }
        }
    }
    Label {
        Layout.leftMargin: 10
        Layout.topMargin: 8
        text: qsTr("Identify: hold a lobe to light only it")
        font.bold: true
    }
    Flow {
        Layout.fillWidth: true
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        spacing: 6
        Repeater {
            model: StudioEngine.lobes
            Button {
                required property var modelData
                required property int index
                text: modelData.name
                down: StudioEngine.identifiedLobe === index
                onPressed: StudioEngine.identifyLobe(index)
                onReleased: StudioEngine.identifyLobe(-1)
                onCanceled: StudioEngine.identifyLobe(-1)
            }
        }
    }
    Item { Layout.fillHeight: true }
}

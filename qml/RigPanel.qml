import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import OSSynapse.Backend

// The rig's lobes: what each follows and in what colour, edited with undo and redo, saved and
// loaded as the rig JSON of `ossynapse render --rig`.
ColumnLayout {
    id: panel
    spacing: 6
    property int editedLobe: -1

    ColorDialog {
        id: colorDialog
        title: qsTr("Lobe colour")
        onAccepted: StudioEngine.setLobeColor(panel.editedLobe, selectedColor)
    }
    FileDialog {
        id: saveDialog
        title: qsTr("Save the rig")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("Rigs (*.json)")]
        onAccepted: StudioEngine.saveRig(selectedFile)
    }
    FileDialog {
        id: loadDialog
        title: qsTr("Load a rig")
        nameFilters: [qsTr("Rigs (*.json)")]
        onAccepted: StudioEngine.loadRig(selectedFile)
    }

    RowLayout {
        Layout.margins: 8
        Label {
            Layout.fillWidth: true
            text: qsTr("%1 LEDs in %2 lobes").arg(StudioEngine.ledCount).arg(StudioEngine.lobes.length)
            font.bold: true
        }
        ToolButton { text: "↶"; enabled: StudioEngine.canUndoRig; onClicked: StudioEngine.undoRig() }
        ToolButton { text: "↷"; enabled: StudioEngine.canRedoRig; onClicked: StudioEngine.redoRig() }
    }
    RowLayout {
        Layout.leftMargin: 8
        Button { text: qsTr("Save rig…"); onClicked: saveDialog.open() }
        Button { text: qsTr("Load rig…"); onClicked: loadDialog.open() }
    }
    ListView {
        id: lobeList
        Layout.fillWidth: true
        Layout.fillHeight: true
        model: StudioEngine.lobes
        spacing: 4
        clip: true
        delegate: RowLayout {
            required property var modelData
            required property int index
            width: lobeList.width - 20
            x: 10
            Rectangle {
                width: 18
                height: 18
                radius: 9
                color: modelData.color
                border.color: "#60ffffff"
                TapHandler {
                    onTapped: {
                        panel.editedLobe = index
                        colorDialog.selectedColor = modelData.color
                        colorDialog.open()
                    }
                }
            }
            Label { text: modelData.name; Layout.fillWidth: true; elide: Text.ElideRight }
            ComboBox {
                implicitWidth: 150
                model: StudioEngine.metricNames
                currentIndex: StudioEngine.metricNames.indexOf(modelData.metric)
                onActivated: (i) => StudioEngine.setLobeMetric(index, StudioEngine.metricNames[i])
            }
            Label { text: modelData.leds; color: "#8a93a6"; font.family: "monospace" }
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The list of every key the studio answers (? or F1), made from the same list the shortcuts
// are: a key added there is shown here. Not modal: while it is open every key still works
// (a performer's B and Ctrl+Q above all); Escape or ? / F1 again closes it.
Popup {
    id: overlay
    required property var bindings

    modal: false
    // Not CloseOnEscape: Qt Quick blocks every shortcut while such a popup is open; the
    // studio's own Escape binding closes it.
    closePolicy: Popup.CloseOnPressOutside
    anchors.centerIn: Overlay.overlay
    width: Math.min(560, parent ? parent.width - 40 : 560)
    height: Math.min(implicitHeight, parent ? parent.height - 40 : implicitHeight)
    padding: 16

    contentItem: ColumnLayout {
        spacing: 10
        Label {
            text: qsTr("Keys")
            font.bold: true
            font.pixelSize: 16
        }
        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: keys.implicitHeight
            clip: true
            GridLayout {
                id: keys
                objectName: "keyList"
                width: overlay.availableWidth
                columns: 2
                columnSpacing: 18
                rowSpacing: 4
                Repeater {
                    model: overlay.bindings
                    delegate: Label {
                        required property var modelData
                        required property int index
                        Layout.row: index
                        Layout.column: 0
                        text: modelData.label !== undefined ? modelData.label : modelData.keys.join(" / ")
                        font.family: "monospace"
                        color: "#ffb4a0"
                    }
                }
                Repeater {
                    model: overlay.bindings
                    delegate: Label {
                        required property var modelData
                        required property int index
                        Layout.row: index
                        Layout.column: 1
                        Layout.fillWidth: true
                        text: modelData.what
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
        Label {
            text: qsTr("Drag to orbit, wheel to zoom, double-click to reset the view.")
            color: "#8a93a6"
            font.pixelSize: 11
        }
    }
}

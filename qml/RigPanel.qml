import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OSSynapse.Backend

// The rig's lobes: how many LEDs, what each follows, in what colour.
ColumnLayout {
    spacing: 6

    Label {
        Layout.margins: 10
        text: qsTr("%1 LEDs in %2 lobes").arg(StudioEngine.ledCount).arg(StudioEngine.lobes.length)
        font.bold: true
    }
    ListView {
        id: lobeList
        Layout.fillWidth: true
        Layout.fillHeight: true
        model: StudioEngine.lobes
        spacing: 4
        delegate: RowLayout {
            required property var modelData
            width: lobeList.width - 20
            x: 10
            Rectangle {
                width: 14
                height: 14
                radius: 7
                color: modelData.color
            }
            Label { text: modelData.name; Layout.fillWidth: true }
            Label { text: modelData.metric; color: "#8a93a6" }
            Label { text: modelData.leds + " LEDs"; color: "#8a93a6"; font.family: "monospace" }
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OSSynapse.Backend

// MIDI learn: choose a control, press Learn, move a knob, fader or pad on the controller. The
// line below says what is happening, what was bound, and where it is kept.
ColumnLayout {
    id: row
    readonly property MidiLearn midi: StudioEngine.controls.midi
    spacing: 4

    RowLayout {
        Layout.fillWidth: true
        Label { text: qsTr("MIDI"); font.bold: true }
        ComboBox {
            id: key
            objectName: "midiLearnControl"
            Layout.fillWidth: true
            model: StudioEngine.controls.keys
            enabled: row.midi.available && row.midi.learningKey === ""
        }
        Button {
            objectName: "midiLearnButton"
            text: row.midi.learningKey === "" ? qsTr("Learn") : qsTr("Cancel")
            enabled: row.midi.available
            highlighted: row.midi.learningKey !== ""
            onClicked: row.midi.learningKey === "" ? row.midi.learn(key.currentText) : row.midi.cancel()
        }
    }
    Label {
        objectName: "midiLearnStatus"
        Layout.fillWidth: true
        text: row.midi.status
        color: "#8a93a6"
        font.pixelSize: 11
        wrapMode: Text.Wrap
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import OSSynapse.Backend

ColumnLayout {
    id: tuning
    required property ParameterModel parameters
    spacing: 6

    SaveDialog {
        id: saveDialog
        objectName: "saveDialog"
        title: qsTr("Save parameters as a preset")
        suffix: ".json"
        onSaveTo: (file) => tuning.parameters.savePreset(file)
    }
    FileDialog {
        id: loadDialog
        objectName: "presetLoadDialog"
        title: qsTr("Load a parameter preset")
        nameFilters: [qsTr("Parameter presets (*.json)")]
        onAccepted: tuning.parameters.loadPreset(selectedFile)
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.margins: 8
        Button { text: qsTr("Defaults"); onClicked: tuning.parameters.resetToDefaults() }
        Button { objectName: "savePreset"; text: qsTr("Save…"); onClicked: saveDialog.open() }
        Button { objectName: "loadPreset"; text: qsTr("Load…"); onClicked: loadDialog.open() }
    }
    Label {
        Layout.fillWidth: true
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        text: qsTr("Keys 1–9 recall a preset, Ctrl+1–9 store the current one.")
        color: "#8a93a6"
        font.pixelSize: 11
        wrapMode: Text.Wrap
    }
    PresetBankPanel {
        objectName: "presetBank"
        parameters: tuning.parameters
        Layout.fillWidth: true
        Layout.leftMargin: 10
        Layout.rightMargin: 10
    }
    MidiLearnRow {
        objectName: "midiLearn"
        Layout.fillWidth: true
        Layout.leftMargin: 10
        Layout.rightMargin: 10
    }

    ListView {
        id: list
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 6
        model: tuning.parameters
        ScrollBar.vertical: ScrollBar {}
        delegate: ParameterRow {
            required property int index
            width: list.width - 20
            x: 10
            onChanged: (value) => tuning.parameters.setValue(index, value)
        }
    }
}

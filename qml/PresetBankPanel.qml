import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import OSSynapse.Backend

// The nine quick presets as a person manages them: a slot to pick (lit when it holds a
// preset), its name to type, what it holds in words, Store / Recall / Clear, and the whole
// bank to and from a file for another machine. Everything shown comes from the preset store.
ColumnLayout {
    id: bank
    required property ParameterModel parameters
    readonly property PresetStore presets: StudioEngine.controls.presets
    property int slot: 1
    spacing: 4

    SaveDialog {
        id: exportDialog
        objectName: "presetExportDialog"
        title: qsTr("Export the nine quick presets")
        suffix: ".json"
        fileName: "presets.json"
        onSaveTo: (file) => bank.presets.exportTo(file)
    }
    FileDialog {
        id: importDialog
        objectName: "presetImportDialog"
        title: qsTr("Import quick presets (replaces all nine)")
        nameFilters: [qsTr("Preset banks (*.json)")]
        onAccepted: bank.presets.importFrom(selectedFile)
    }

    RowLayout {
        Layout.fillWidth: true
        Label { text: qsTr("Quick presets"); font.bold: true }
        Item { Layout.fillWidth: true }
        Button {
            objectName: "presetExport"
            text: qsTr("Export…")
            onClicked: exportDialog.open()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Write all nine presets, with their names, to one file")
        }
        Button {
            objectName: "presetImport"
            text: qsTr("Import…")
            onClicked: importDialog.open()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Replace all nine presets with a file's")
        }
    }
    // The slots: a stored one is lit and shows its name.
    Flow {
        Layout.fillWidth: true
        spacing: 3
        Repeater {
            model: bank.presets
            Button {
                required property int slot
                required property string label
                required property bool stored
                required property string summary
                objectName: "presetSlot" + slot
                // A number stays a small key; a name gets room, up to a limit.
                width: Math.max(34, Math.min(110, contentItem.implicitWidth + leftPadding + rightPadding))
                text: label
                checkable: true
                checked: bank.slot === slot
                highlighted: stored
                // The chosen slot is the one the row below edits.
                font.underline: checked
                font.bold: checked
                onClicked: bank.slot = slot
                ToolTip.visible: hovered
                ToolTip.text: stored ? qsTr("%1 (slot %2): %3").arg(label).arg(slot).arg(summary)
                                     : qsTr("%1: empty").arg(slot)
            }
        }
    }
    // The chosen slot: only its row is shown.
    Repeater {
        model: bank.presets
        ColumnLayout {
            required property int slot
            required property string name
            required property bool stored
            required property string summary
            visible: slot === bank.slot
            Layout.fillWidth: true
            spacing: 4
            RowLayout {
                Layout.fillWidth: true
                TextField {
                    objectName: "presetName" + slot
                    Layout.fillWidth: true
                    enabled: stored
                    text: name
                    maximumLength: 40
                    placeholderText: stored ? qsTr("Name (optional)") : qsTr("Empty slot")
                    // Taken when typing ends (Enter, Tab or a click elsewhere).
                    onEditingFinished: bank.presets.rename(slot, text)
                }
                Button {
                    objectName: "presetStore" + slot
                    text: qsTr("Store")
                    onClicked: bank.parameters.storeSlot(slot)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Keep the parameters as they are now in slot %1 (Ctrl+%1)").arg(slot)
                }
                Button {
                    objectName: "presetRecall" + slot
                    text: qsTr("Recall")
                    enabled: stored
                    onClicked: bank.parameters.recallSlot(slot)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Apply preset %1 (key %1)").arg(slot)
                }
                Button {
                    objectName: "presetClear" + slot
                    text: qsTr("Clear")
                    enabled: stored
                    onClicked: bank.presets.clear(slot)
                }
            }
            Label {
                objectName: "presetSummary" + slot
                Layout.fillWidth: true
                text: stored ? qsTr("Holds: %1").arg(summary)
                             : qsTr("Empty: Store keeps the parameters as they are now.")
                color: "#8a93a6"
                font.pixelSize: 11
                wrapMode: Text.Wrap
            }
        }
    }
}

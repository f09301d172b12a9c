import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import OSSynapse.Backend

// Saving to a file, as a person expects it: a name to type (new or existing), a folder to
// choose, a Save button, and a question before an existing file is replaced. Qt 6.4's own
// file dialog cannot do the first and the last.
Dialog {
    id: dialog
    required property string suffix      // ".json", ".png": added to a name without one
    property url folder: FilePaths.workingFolder()
    property alias fileName: nameField.text
    signal saveTo(url file)

    modal: true
    anchors.centerIn: Overlay.overlay
    width: 460
    standardButtons: Dialog.NoButton

    function trySave() {
        const file = FilePaths.fileIn(dialog.folder, nameField.text, dialog.suffix)
        if (file.toString() === "")
            return
        if (FilePaths.exists(file)) {
            replace.file = file
            replace.open()
            return
        }
        dialog.close()
        dialog.saveTo(file)
    }

    onOpened: nameField.forceActiveFocus()

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        RowLayout {
            Label { text: qsTr("Folder") }
            Label {
                objectName: "folder"
                Layout.fillWidth: true
                text: decodeURIComponent(dialog.folder.toString().replace(/^file:\/\//, ""))
                elide: Text.ElideMiddle
                color: "#c8cfdd"
            }
            Button { objectName: "chooseFolder"; text: qsTr("Choose…"); onClicked: folderDialog.open() }
        }
        RowLayout {
            Label { text: qsTr("Name") }
            TextField {
                id: nameField
                objectName: "name"
                Layout.fillWidth: true
                placeholderText: qsTr("name") + dialog.suffix
                onAccepted: dialog.trySave()
            }
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            Button {
                objectName: "save"
                text: qsTr("Save")
                enabled: nameField.text.trim() !== ""
                onClicked: dialog.trySave()
            }
            Button { text: qsTr("Cancel"); onClicked: dialog.close() }
        }
    }

    FolderDialog {
        id: folderDialog
        objectName: "folderDialog"
        currentFolder: dialog.folder
        onAccepted: dialog.folder = selectedFolder
    }

    Dialog {
        id: replace
        objectName: "replace"
        property url file
        modal: true
        anchors.centerIn: Overlay.overlay
        title: qsTr("Replace the file?")
        width: 420
        Label {
            width: replace.availableWidth
            text: qsTr("%1 is already there. Replace it?")
                .arg(decodeURIComponent(replace.file.toString().replace(/^file:\/\//, "")))
            wrapMode: Text.Wrap
        }
        footer: DialogButtonBox {
            Button {
                objectName: "replaceButton"
                text: qsTr("Replace")
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
            Button {
                text: qsTr("Cancel")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
        }
        onAccepted: {
            dialog.close()
            dialog.saveTo(replace.file)
        }
    }
}

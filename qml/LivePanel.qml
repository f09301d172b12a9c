import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import OSSynapse.Backend

// Send a prompt to a model and light the skull from its answer as it streams.
ColumnLayout {
    id: live
    required property LiveSession session
    spacing: 8

    Label { text: qsTr("Endpoint"); Layout.leftMargin: 10; Layout.topMargin: 10 }
    ComboBox {
        Layout.fillWidth: true
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        objectName: "endpoint"
        editable: true
        model: live.session.presets
        editText: live.session.endpoint
        // What the field shows is what Send uses, Enter or not.
        onEditTextChanged: live.session.endpoint = editText
        onAccepted: live.session.endpoint = editText
        onActivated: (index) => live.session.endpoint = model[index]
    }
    TextField {
        Layout.fillWidth: true
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        placeholderText: qsTr("Model (default: the endpoint's)")
        objectName: "model"
        text: live.session.model
        onTextEdited: live.session.model = text
    }
    RowLayout {
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Label { text: qsTr("Reasoning effort") }
        ComboBox {
            Layout.fillWidth: true
            model: [qsTr("server default"), "low", "medium", "high"]
            onActivated: (index) => live.session.effort = index === 0 ? "" : model[index]
        }
    }
    RowLayout {
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        TextField {
            id: key
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: qsTr("API key (%1)").arg(live.session.keyHint)
            onAccepted: { live.session.setApiKey(text); text = "" }
        }
        Button { text: qsTr("Set"); onClicked: { live.session.setApiKey(key.text); key.text = "" } }
        Button {
            text: qsTr("Forget")
            enabled: live.session.keyHint.startsWith("…")
            onClicked: live.session.forgetApiKey()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Remove the key from this session and from the system keychain")
            ToolTip.delay: 400
        }
    }
    TextArea {
        id: prompt
        Layout.fillWidth: true
        Layout.preferredHeight: 110
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        placeholderText: qsTr("Prompt")
        wrapMode: TextEdit.Wrap
    }
    RowLayout {
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        CheckBox {
            text: qsTr("Record")
            checked: live.session.record
            onToggled: live.session.record = checked
        }
        Item { Layout.fillWidth: true }
        Button {
            text: qsTr("Send")
            enabled: !live.session.running
            highlighted: true
            onClicked: live.session.send(prompt.text)
        }
        Button {
            text: qsTr("Stop")
            enabled: live.session.running
            onClicked: live.session.stop()
        }
    }
    Label {
        Layout.fillWidth: true
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        text: live.session.status
        wrapMode: Text.Wrap
        color: "#c8cfdd"
    }
    ScrollView {
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Layout.bottomMargin: 10
        TextArea {
            readOnly: true
            wrapMode: TextEdit.Wrap
            text: live.session.engine ? live.session.engine.sessionText.answer : ""
            placeholderText: qsTr("The answer appears here.")
        }
    }
}

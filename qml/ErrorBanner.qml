import QtQuick
import QtQuick.Controls
import OSSynapse.Backend

// Errors in words, until dismissed.
Rectangle {
    visible: StudioEngine.errorText !== ""
    color: "#e0401a1a"
    border.color: "#ff6a5a"
    radius: 6
    height: message.implicitHeight + 20

    Text {
        id: message
        anchors.left: parent.left
        anchors.right: dismiss.left
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: 12
        text: StudioEngine.errorText
        color: "#ffe8e4"
        wrapMode: Text.Wrap
        font.pixelSize: 13
    }
    ToolButton {
        id: dismiss
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        text: "✕"
        onClicked: StudioEngine.clearError()
    }
}

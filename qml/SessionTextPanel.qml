import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The session's text as far as it has streamed: the reasoning, dimmer, above the answer. Each
// part follows its newest text while the reader has not scrolled up from its end, and picks it
// up again when scrolled back down (or with its ↓ button).
Rectangle {
    id: panel

    property string reasoning: ""
    property string answer: ""
    // The session holds no text at all (an older recording): said, rather than left blank.
    property bool hasText: true

    color: "#c00b0d12"
    radius: 6
    border.color: "#22ffffff"

    component Part: ColumnLayout {
        id: part
        property alias title: heading.text
        property color titleColor
        property alias text: body.text
        property color textColor
        property string placeholder
        property alias following: flick.following
        property alias flickable: flick
        spacing: 2

        RowLayout {
            Layout.fillWidth: true
            Text {
                id: heading
                Layout.fillWidth: true
                color: part.titleColor
                font.pixelSize: 11
                font.bold: true
            }
            ToolButton {
                objectName: "followButton"
                visible: !flick.following
                text: "↓"
                font.pixelSize: 11
                implicitHeight: 18
                implicitWidth: 22
                padding: 0
                onClicked: flick.follow()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Follow the newest text")
            }
        }
        Flickable {
            id: flick
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: body.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

            // True while the view stands at the end of the text: new text scrolls into view.
            property bool following: true
            property bool autoScrolling: false

            function atEnd() {
                return contentY >= contentHeight - height - 4
            }
            function follow() {
                following = true
                toEnd()
            }
            function toEnd() {
                autoScrolling = true
                contentY = Math.max(0, contentHeight - height)
                autoScrolling = false
            }
            onContentYChanged: if (!autoScrolling) following = atEnd()
            onContentHeightChanged: {
                // Shorter text (a seek back) can leave the reader's place past the end.
                if (following || contentHeight <= height || contentY > contentHeight - height)
                    follow()
            }
            onHeightChanged: if (following) toEnd()

            Text {
                id: body
                width: flick.width - 8
                wrapMode: Text.Wrap
                color: part.textColor
                font.pixelSize: 13
            }
            Text {
                visible: body.text === ""
                width: flick.width - 8
                wrapMode: Text.Wrap
                text: part.placeholder
                color: "#6a7080"
                font.pixelSize: 12
                font.italic: true
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 10
        spacing: 8

        Part {
            objectName: "reasoningPart"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: parent.height * 0.4
            title: qsTr("● Reasoning")
            titleColor: "#c8604f"
            text: panel.reasoning
            textColor: "#8d94a3"
            placeholder: panel.hasText ? qsTr("No reasoning yet.")
                                       : qsTr("This recording holds no text, only token counts.")
        }
        Part {
            objectName: "answerPart"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: parent.height * 0.6
            title: qsTr("● Answer")
            titleColor: "#eef2ff"
            text: panel.answer
            textColor: "#e8ecf4"
            placeholder: panel.hasText ? qsTr("No answer yet.") : ""
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import OSSynapse.Backend

// Seed 001's brainscan in weights mode: every weight of the model a training tap reports, one
// pixel per value, live; the attention of a chosen layer beside it and the text the model
// generates below, each token coloured by the probability the model gave it.
Rectangle {
    id: page
    color: "#05060a"
    // The studio's telemetry connection, for its state in words while no frame came.
    property TelemetryLink link: null

    TrainingMonitor {
        id: training
        engine: StudioEngine
    }

    SaveDialog {
        id: pngDialog
        objectName: "weightsSaveDialog"
        title: qsTr("Save the weights image")
        suffix: ".png"
        onSaveTo: (file) => weights.savePng(file)
    }

    FolderDialog {
        id: lapseDialog
        objectName: "timeLapseDialog"
        title: qsTr("A folder for the time-lapse frames")
        onAccepted: weights.startTimeLapse(selectedFolder)
    }

    ErrorBanner {
        z: 1
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: parent.top
        anchors.topMargin: 48
        width: Math.min(parent.width - 40, 720)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 8

        RowLayout {
            Layout.fillWidth: true
            spacing: 12
            Label {
                text: qsTr("Weights")
                font.bold: true
                font.pixelSize: 16
            }
            Label {
                objectName: "weightsSummary"
                Layout.fillWidth: true
                elide: Text.ElideRight
                color: "#8a93a6"
                text: weights.frameCount === 0
                      ? qsTr("waiting for weight frames")
                      : qsTr("step %1 · %2 matrices · %3 weights · %4 × %5 pixels")
                            .arg(weights.step).arg(weights.matrixCount)
                            .arg(Number(weights.parameterCount).toLocaleString(Qt.locale(), "f", 0))
                            .arg(weights.imageSize.width).arg(weights.imageSize.height)
                      + (weights.incompleteFrames > 0
                         ? qsTr(" · %1 frames incomplete").arg(weights.incompleteFrames) : "")
            }
            Label {
                visible: training.trainingSteps > 0
                font.family: "monospace"
                color: training.training ? palette.windowText : "#ffb347"
                text: (training.training ? qsTr("loss %1 (%2 at join)")
                                         : qsTr("training stopped · loss %1 (%2 at join)"))
                      .arg(training.loss.toFixed(3)).arg(training.firstLoss.toFixed(3))
                ToolTip.visible: lossHover.hovered
                ToolTip.text: qsTr("The last training step's loss, and the first this view received")
                HoverHandler { id: lossHover }
            }
            Button {
                text: qsTr("PNG")
                enabled: weights.frameCount > 0
                onClicked: pngDialog.open()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("This frame at one pixel per weight, 16-bit grey")
                ToolTip.delay: 400
            }
            Button {
                text: weights.timeLapseFolder === ""
                      ? qsTr("Time-lapse…")
                      : qsTr("Stop time-lapse (%1 frames)").arg(weights.timeLapseFrames)
                onClicked: weights.timeLapseFolder === "" ? lapseDialog.open()
                                                          : weights.stopTimeLapse()
                ToolTip.visible: hovered
                ToolTip.text: weights.timeLapseFolder === ""
                              ? qsTr("Every frame from now on as a PNG in a folder")
                              : weights.timeLapseFolder
                ToolTip.delay: 400
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 12

            Item {
                Layout.fillWidth: true
                Layout.fillHeight: true

                WeightsView {
                    id: weights
                    objectName: "weightsView"
                    anchors.fill: parent
                    engine: StudioEngine
                }
                MouseArea {
                    id: pointer
                    anchors.fill: parent
                    hoverEnabled: true
                    acceptedButtons: Qt.NoButton
                }
                Label {
                    id: hover
                    objectName: "hoverReadout"
                    text: {
                        if (!pointer.containsMouse)
                            return ""
                        // Read here so that a new frame, or a resize, updates the value under a
                        // pointer that stays still.
                        const frame = weights.frameCount
                        const drawn = weights.imageRect
                        return weights.describeAt(pointer.mouseX, pointer.mouseY)
                    }
                    anchors.left: parent.left
                    anchors.bottom: parent.bottom
                    visible: text !== ""
                    padding: 6
                    font.family: "monospace"
                    background: Rectangle { color: "#d0101218"; radius: 3 }
                }
                Label {
                    anchors.centerIn: parent
                    width: Math.min(parent.width - 40, 520)
                    visible: weights.frameCount === 0
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    color: "#6c7385"
                    text: page.link !== null && page.link.active
                          ? qsTr("No weight frames yet from the tap: %1").arg(page.link.state)
                          : qsTr("No weight frames yet. Connect to a training tap in the Model "
                                 + "panel, for example one beside a tiny transformer learning "
                                 + "a text:\npython3 app/tap/train_tiny_transformer.py --wait")
                }
            }

            ColumnLayout {
                visible: attention.layers.length > 0
                Layout.preferredWidth: 240
                Layout.maximumWidth: 240
                Layout.alignment: Qt.AlignTop
                spacing: 6
                RowLayout {
                    Label { text: qsTr("Attention"); font.bold: true; Layout.fillWidth: true }
                    ComboBox {
                        implicitWidth: 86
                        model: attention.layers.map(l => qsTr("layer %1").arg(l))
                        currentIndex: attention.layers.indexOf(attention.attentionLayer)
                        onActivated: (index) => attention.attentionLayer = attention.layers[index]
                    }
                    ComboBox {
                        implicitWidth: 80
                        model: attention.heads.map(h => qsTr("head %1").arg(h))
                        currentIndex: attention.heads.indexOf(attention.head)
                        onActivated: (index) => attention.head = attention.heads[index]
                    }
                }
                Rectangle {
                    Layout.preferredWidth: 240
                    Layout.preferredHeight: 240
                    color: "#000000"
                    border.color: "#2a2f3a"
                    AttentionView {
                        id: attention
                        anchors.fill: parent
                        anchors.margins: 1
                        engine: StudioEngine
                    }
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: "#8a93a6"
                    font.pixelSize: 12
                    text: qsTr("Step %1: each row a token, how much it attends to each earlier "
                               + "one (column), brightest the strongest.").arg(attention.step)
                }
            }
        }

        // The generated text, as seed 001 shows it under the weights.
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(textFlow.implicitHeight, 120) + 40
            color: "#0d0f15"
            border.color: "#2a2f3a"
            radius: 3

            RowLayout {
                id: textHeader
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.top: parent.top
                anchors.margins: 8
                Label {
                    text: training.text.length === 0 ? qsTr("No generated text yet")
                                                     : qsTr("Generated at step %1").arg(training.textStep)
                    font.bold: true
                    font.pixelSize: 12
                    Layout.fillWidth: true
                }
                Label { text: qsTr("probability 0"); color: "#8a93a6"; font.pixelSize: 11 }
                Rectangle {
                    width: 90
                    height: 8
                    radius: 2
                    gradient: Gradient {
                        orientation: Gradient.Horizontal
                        GradientStop { position: 0.0; color: training.colorFor(0.0) }
                        GradientStop { position: 0.5; color: training.colorFor(0.5) }
                        GradientStop { position: 1.0; color: training.colorFor(1.0) }
                    }
                }
                Label { text: "1"; color: "#8a93a6"; font.pixelSize: 11 }
            }
            Flickable {
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.top: textHeader.bottom
                anchors.bottom: parent.bottom
                anchors.margins: 8
                clip: true
                contentHeight: textFlow.implicitHeight
                Flow {
                    id: textFlow
                    objectName: "textStrip"
                    width: parent.width
                    Repeater {
                        model: training.text
                        delegate: Text {
                            required property var modelData
                            text: modelData.text
                            color: modelData.color
                            font.family: "monospace"
                            font.pixelSize: 15
                        }
                    }
                }
            }
        }
    }
}

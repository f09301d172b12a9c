import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import OSSynapse.Backend

// Inside the model: the telemetry link to a tap, the brainscan of its layers, and the lobes
// that spike.
ColumnLayout {
    id: panel
    spacing: 6
    // Read once a frame for all the lobe rows below.
    readonly property var sparsity: StudioEngine.lobeSparsity

    required property TelemetryLink link

    SaveDialog {
        id: saveDialog
        objectName: "brainscanSaveDialog"
        title: qsTr("Save the brainscan")
        suffix: ".png"
        onSaveTo: (file) => scan.savePng(file)
    }

    Label {
        Layout.leftMargin: 10
        Layout.topMargin: 8
        text: qsTr("Telemetry")
        font.bold: true
    }
    RowLayout {
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        TextField {
            id: url
            Layout.fillWidth: true
            text: panel.link.url !== "" ? panel.link.url : "ws://127.0.0.1:9000"
            placeholderText: "ws://host:port"
            enabled: !panel.link.active
            onAccepted: panel.link.connectTo(text)
        }
        Button {
            text: panel.link.active ? qsTr("Disconnect") : qsTr("Connect")
            onClicked: panel.link.active ? panel.link.disconnect() : panel.link.connectTo(url.text)
        }
    }
    Label {
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: "#8a93a6"
        font.pixelSize: 12
        Layout.preferredWidth: 1
        text: panel.link.active ? panel.link.state + "\n" + panel.link.counts
                          : qsTr("A tap beside the model (app/tap), a Synapse probe, or "
                                 + "'ossynapse simulate-telemetry' for previz without one.")
    }

    RowLayout {
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Layout.topMargin: 6
        Label { text: qsTr("Brainscan"); font.bold: true; Layout.fillWidth: true; elide: Text.ElideRight }
        ComboBox {
            id: view
            implicitWidth: 84
            model: [qsTr("layers"), qsTr("sparse")]
        }
        ComboBox {
            id: statistic
            visible: view.currentIndex === 0
            implicitWidth: 80
            model: ["norm", "entropy", "max", "mean"]
        }
        ComboBox {
            id: sparseLayer
            visible: view.currentIndex === 1
            implicitWidth: 80
            model: scan.sparseLayers.map(l => qsTr("layer %1").arg(l))
        }
        Button {
            text: qsTr("PNG")
            enabled: scan.batchCount > 0
            onClicked: saveDialog.open()
        }
    }
    Rectangle {
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.preferredHeight: 220
        color: "#05060a"
        border.color: "#2a2f3a"

        BrainscanView {
            id: scan
            anchors.fill: parent
            anchors.margins: 1
            engine: StudioEngine
            statistic: statistic.currentText
            mode: view.currentIndex === 1 ? "sparse" : "summaries"
            sparseLayer: scan.sparseLayers.length > 0 && sparseLayer.currentIndex >= 0
                   ? scan.sparseLayers[sparseLayer.currentIndex] : 0
        }
        Label {
            anchors.centerIn: parent
            visible: scan.batchCount === 0
            color: "#6c7385"
            text: view.currentIndex === 1 ? qsTr("No sparse activations in this session")
                                          : qsTr("No layer telemetry in this session")
        }
    }
    Label {
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        wrapMode: Text.Wrap
        color: "#8a93a6"
        font.pixelSize: 12
        text: scan.batchCount === 0 ? ""
              : view.currentIndex === 1
                ? qsTr("layer %1's strongest activations, its width in %2 rows × last %3 steps")
                      .arg(scan.sparseLayer).arg(scan.layerCount).arg(scan.batchCount)
                : qsTr("%1 layers (first at the top) × last %2 summaries, each row scaled to its range")
                      .arg(scan.layerCount).arg(scan.batchCount)
    }

    RowLayout {
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Layout.topMargin: 6
        Label { text: qsTr("Lobes from layers"); font.bold: true; Layout.fillWidth: true }
        Button {
            text: qsTr("Telemetry rig")
            onClicked: StudioEngine.useTelemetryRig()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("The skull's lobes bound to layer depth, front to back")
            ToolTip.delay: 400
        }
    }
    Repeater {
        model: StudioEngine.lobes
        delegate: RowLayout {
            required property var modelData
            required property int index
            visible: modelData.layers !== ""
            // The full width, so the wrapping description gets room instead of a column of
            // one character (the rows spread out past the panel's end).
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            Rectangle { width: 10; height: 10; radius: 5; color: modelData.color }
            Label { text: modelData.name; Layout.preferredWidth: 110; elide: Text.ElideRight }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: "#8a93a6"
                font.pixelSize: 12
                readonly property real sparsity: panel.sparsity[index] ?? -1
                text: modelData.layers + (sparsity >= 0
                      ? qsTr(", %1 % silent").arg(Math.round(sparsity * 100)) : "")
            }
        }
    }
    Item { Layout.fillHeight: true }
}

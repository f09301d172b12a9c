import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import OSSynapse.Backend

// The rig's lobes and LEDs: what each lobe follows, its colour and LED count; LEDs placed on
// the skull by clicking, moved, given to another lobe and rewired; edited with undo and redo,
// saved and loaded as the rig JSON of `ossynapse render --rig`.
ColumnLayout {
    id: panel
    spacing: 6
    property int editedLobe: -1
    property RigEditState rigEdit: RigEditState {}
    readonly property var selectedLed: rigEdit.selectedLed >= 0
                                       && rigEdit.selectedLed < StudioEngine.leds.length
                                       ? StudioEngine.leds[rigEdit.selectedLed] : null

    function saveRigAs() { saveDialog.open() }

    // An undo or a shrink can take the selected LED or lobe away.
    Connections {
        target: StudioEngine
        function onRigChanged() {
            if (panel.rigEdit.selectedLed >= StudioEngine.ledCount)
                panel.rigEdit.selectedLed = -1
            if (panel.rigEdit.selectedLobe >= StudioEngine.lobes.length)
                panel.rigEdit.selectedLobe = 0
        }
    }

    ColorDialog {
        id: colorDialog
        objectName: "colorDialog"
        title: qsTr("Lobe colour")
        onAccepted: StudioEngine.setLobeColor(panel.editedLobe, selectedColor)
    }
    SaveDialog {
        id: saveDialog
        objectName: "rigSaveDialog"
        title: qsTr("Save the rig")
        suffix: ".json"
        onSaveTo: (file) => StudioEngine.saveRig(file)
    }
    FileDialog {
        id: meshDialog
        objectName: "meshDialog"
        title: qsTr("A skull or head mesh")
        nameFilters: [qsTr("3D meshes (*.obj *.gltf *.glb)"), qsTr("All files (*)")]
        onAccepted: panel.rigEdit.userMesh = selectedFile
    }
    FileDialog {
        id: loadDialog
        objectName: "rigLoadDialog"
        title: qsTr("Load a rig")
        nameFilters: [qsTr("Rigs (*.json)")]
        onAccepted: StudioEngine.loadRig(selectedFile)
    }

    RowLayout {
        Layout.margins: 8
        Label {
            Layout.fillWidth: true
            text: qsTr("%1 LEDs in %2 lobes").arg(StudioEngine.ledCount).arg(StudioEngine.lobes.length)
            font.bold: true
        }
        ToolButton { text: "↶"; enabled: StudioEngine.canUndoRig; onClicked: StudioEngine.undoRig() }
        ToolButton { text: "↷"; enabled: StudioEngine.canRedoRig; onClicked: StudioEngine.redoRig() }
    }
    RowLayout {
        Layout.leftMargin: 8
        Button { objectName: "saveRig"; text: qsTr("Save rig…"); onClicked: saveDialog.open() }
        Button { objectName: "loadRig"; text: qsTr("Load rig…"); onClicked: loadDialog.open() }
        Button { text: qsTr("Default"); onClicked: StudioEngine.resetRig() }
        CheckBox {
            text: qsTr("Wiring")
            checked: panel.rigEdit.showWiring
            onToggled: panel.rigEdit.showWiring = checked
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Draw the strip's path through the LEDs; the marker is where data enters")
            ToolTip.delay: 400
        }
    }
    RowLayout {
        Layout.leftMargin: 8
        Button {
            objectName: "meshButton"
            text: qsTr("Mesh…")
            onClicked: meshDialog.open()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Show your own skull or head (glTF or OBJ) around the rig")
            ToolTip.delay: 400
        }
        Button {
            text: qsTr("Glass skull")
            enabled: panel.rigEdit.userMesh != ""
            onClicked: panel.rigEdit.userMesh = ""
        }
        Label {
            Layout.fillWidth: true
            elide: Text.ElideMiddle
            color: "#8a93a6"
            text: panel.rigEdit.userMesh != "" ? String(panel.rigEdit.userMesh).split("/").pop() : ""
        }
    }
    RowLayout {
        Layout.leftMargin: 8
        Layout.rightMargin: 8
        spacing: 2
        ButtonGroup { id: toolGroup }
        Repeater {
            model: [
                { tool: "", label: qsTr("Orbit"), tip: qsTr("Drag to orbit; clicks edit nothing") },
                { tool: "select", label: qsTr("Select"), tip: qsTr("Click an LED to select it") },
                { tool: "add", label: qsTr("Add"), tip: qsTr("Click the skull to add an LED to the selected lobe") },
                { tool: "move", label: qsTr("Move"), tip: qsTr("Click an LED, then the skull where it goes") }
            ]
            delegate: Button {
                required property var modelData
                text: modelData.label
                checkable: true
                checked: panel.rigEdit.tool === modelData.tool
                ButtonGroup.group: toolGroup
                onClicked: panel.rigEdit.tool = modelData.tool
                ToolTip.visible: hovered
                ToolTip.text: modelData.tip
                ToolTip.delay: 400
            }
        }
    }
    Label {
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        Layout.fillWidth: true
        wrapMode: Text.WordWrap
        color: "#8a93a6"
        font.pixelSize: 12
        readonly property string lobeName: StudioEngine.lobes.length > panel.rigEdit.selectedLobe
                                           ? StudioEngine.lobes[panel.rigEdit.selectedLobe].name : ""
        text: panel.rigEdit.tool === "add" ? qsTr("Click the skull to add an LED to %1.").arg(lobeName)
            : panel.rigEdit.tool === "move" ? (panel.selectedLed ? qsTr("Click the skull where LED %1 goes, or another LED.").arg(panel.selectedLed.strip)
                                                                 : qsTr("Click the LED to move."))
            : panel.rigEdit.tool === "select" ? qsTr("Click an LED to select it.")
            : qsTr("Pick a tool to place LEDs; the skull orbits in every tool.")
    }

    // The selected LED: its lobe and its place on the wiring.
    GridLayout {
        visible: panel.selectedLed !== null
        Layout.leftMargin: 10
        Layout.rightMargin: 10
        columns: 2
        columnSpacing: 8
        Label { text: qsTr("LED on wire"); color: "#8a93a6" }
        RowLayout {
            SpinBox {
                id: stripBox
                from: 0
                to: Math.max(0, StudioEngine.ledCount - 1)
                editable: true
                value: panel.selectedLed ? panel.selectedLed.strip : 0
                onValueModified: {
                    StudioEngine.setLedStrip(panel.selectedLed.strip, value)
                    panel.rigEdit.selectedLed = value
                }
            }
            Button {
                text: qsTr("Remove")
                onClicked: {
                    StudioEngine.removeLed(panel.selectedLed.strip)
                    panel.rigEdit.selectedLed = -1
                }
            }
        }
        Label { text: qsTr("Lobe"); color: "#8a93a6" }
        ComboBox {
            Layout.fillWidth: true
            model: StudioEngine.lobes.map(lobe => lobe.name)
            currentIndex: panel.selectedLed ? panel.selectedLed.lobe : -1
            onActivated: (i) => {
                StudioEngine.assignLed(panel.selectedLed.strip, i)
                panel.rigEdit.selectedLobe = i
            }
        }
    }

    ListView {
        id: lobeList
        Layout.fillWidth: true
        Layout.fillHeight: true
        model: StudioEngine.lobes
        spacing: 4
        clip: true
        // A Column, not a ColumnLayout: Qt 6.4 crashes (a virtual call into the half-destroyed
        // root) when a delegate that is a layout is destroyed with layouts inside it, as every
        // delegate is when the rig changes while the Rig tab is hidden.
        delegate: Column {
            id: lobeRow
            required property var modelData
            required property int index
            width: lobeList.width - 20
            x: 10
            spacing: 2

            function bind(from, to, stat, spikes) {
                StudioEngine.setLobeLayers(index, from, to, stat, spikes, modelData.spikeThreshold)
            }

            RowLayout {
                width: lobeRow.width
                Rectangle {
                    width: 3
                    height: 22
                    color: lobeRow.index === panel.rigEdit.selectedLobe ? "#ff6048" : "transparent"
                }
                Rectangle {
                    width: 18
                    height: 18
                    radius: 9
                    color: lobeRow.modelData.color
                    border.color: "#60ffffff"
                    objectName: "lobeColour" + lobeRow.index
                    TapHandler {
                        onTapped: {
                            panel.editedLobe = lobeRow.index
                            colorDialog.selectedColor = lobeRow.modelData.color
                            colorDialog.open()
                        }
                    }
                }
                Label {
                    text: lobeRow.modelData.name
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                    TapHandler { onTapped: panel.rigEdit.selectedLobe = lobeRow.index }
                }
                ComboBox {
                    implicitWidth: 122
                    model: StudioEngine.metricNames
                    currentIndex: StudioEngine.metricNames.indexOf(lobeRow.modelData.metric)
                    onActivated: (i) => StudioEngine.setLobeMetric(lobeRow.index, StudioEngine.metricNames[i])
                }
                SpinBox {
                    implicitWidth: 84
                    from: 0
                    to: 1000
                    editable: true
                    value: lobeRow.modelData.leds
                    onValueModified: StudioEngine.setLobeLedCount(lobeRow.index, value)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("LEDs in this lobe")
                    ToolTip.delay: 400
                }
            }
            // The lobe's light moving across its LEDs: which effect, how fast, along what.
            RowLayout {
                x: 22
                spacing: 4
                Label {
                    text: qsTr("Effect")
                    color: "#8a93a6"
                }
                ComboBox {
                    objectName: "lobeEffect" + lobeRow.index
                    implicitWidth: 96
                    model: StudioEngine.effectNames
                    currentIndex: StudioEngine.effectNames.indexOf(lobeRow.modelData.effect)
                    onActivated: (i) => StudioEngine.setLobeEffect(lobeRow.index, StudioEngine.effectNames[i],
                                                                   lobeRow.modelData.effectPeriod,
                                                                   lobeRow.modelData.effectAlong)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Light that moves across the lobe's LEDs, as bright as its metric")
                    ToolTip.delay: 400
                }
                SpinBox {
                    objectName: "lobeEffectPeriod" + lobeRow.index
                    visible: lobeRow.modelData.effect !== "none"
                    implicitWidth: 84
                    // Tenths of a second, 0.1 s to the core's 600 s.
                    from: 1
                    to: 6000
                    editable: true
                    value: Math.round(lobeRow.modelData.effectPeriod * 10)
                    textFromValue: (v) => (v / 10).toFixed(1) + " s"
                    valueFromText: (t) => {
                        const seconds = parseFloat(t)
                        return isNaN(seconds) ? value : Math.round(seconds * 10)
                    }
                    onValueModified: StudioEngine.setLobeEffect(lobeRow.index, lobeRow.modelData.effect,
                                                                value / 10, lobeRow.modelData.effectAlong)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Seconds for the light to cross the lobe once")
                    ToolTip.delay: 400
                }
                ComboBox {
                    objectName: "lobeEffectAlong" + lobeRow.index
                    visible: lobeRow.modelData.effect !== "none"
                    implicitWidth: 84
                    model: ["strip", "height"]
                    currentIndex: model.indexOf(lobeRow.modelData.effectAlong)
                    onActivated: (i) => StudioEngine.setLobeEffect(lobeRow.index, lobeRow.modelData.effect,
                                                                   lobeRow.modelData.effectPeriod, model[i])
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Along the strip's order, or from the lobe's lowest LED up")
                    ToolTip.delay: 400
                }
            }
            // A lobe that follows layers: which part of the model's depth, which statistic,
            // and whether it spikes.
            RowLayout {
                visible: lobeRow.modelData.metric === "layers"
                x: 22
                spacing: 4
                SpinBox {
                    implicitWidth: 68
                    from: 0
                    to: 99
                    editable: true
                    value: Math.round(lobeRow.modelData.depthFrom * 100)
                    textFromValue: (v) => v + " %"
                    valueFromText: (t) => parseInt(t)
                    onValueModified: lobeRow.bind(value / 100, Math.max(lobeRow.modelData.depthTo, (value + 1) / 100),
                                                  lobeRow.modelData.stat, lobeRow.modelData.spikes)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("From this depth of the model (0 % = first layer)")
                    ToolTip.delay: 400
                }
                SpinBox {
                    implicitWidth: 68
                    from: 1
                    to: 100
                    editable: true
                    value: Math.round(lobeRow.modelData.depthTo * 100)
                    textFromValue: (v) => v + " %"
                    valueFromText: (t) => parseInt(t)
                    onValueModified: lobeRow.bind(Math.min(lobeRow.modelData.depthFrom, (value - 1) / 100), value / 100,
                                                  lobeRow.modelData.stat, lobeRow.modelData.spikes)
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("To this depth (100 % = last layer)")
                    ToolTip.delay: 400
                }
                ComboBox {
                    implicitWidth: 80
                    model: ["norm", "change", "entropy", "max", "gradient", "weight_change"]
                    currentIndex: model.indexOf(lobeRow.modelData.stat)
                    onActivated: (i) => lobeRow.bind(lobeRow.modelData.depthFrom, lobeRow.modelData.depthTo,
                                                     model[i], lobeRow.modelData.spikes)
                }
                ComboBox {
                    implicitWidth: 80
                    model: ["none", "binary", "ternary", "bitwise"]
                    currentIndex: model.indexOf(lobeRow.modelData.spikes)
                    onActivated: (i) => lobeRow.bind(lobeRow.modelData.depthFrom, lobeRow.modelData.depthTo,
                                                     lobeRow.modelData.stat, model[i])
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Fire spikes of this encoding instead of showing the level")
                    ToolTip.delay: 400
                }
            }
        }
    }
}

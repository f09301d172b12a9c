import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import OSSynapse.Backend

ApplicationWindow {
    id: window

    property bool startInPerformance: false
    property bool performance: startInPerformance
    property bool wireView: false
    property bool startInWeights: false
    property bool weightsView: startInWeights
    // A telemetry URL to connect to at once (--telemetry).
    property string startTelemetry: ""
    property int sideTab: 0
    // A camera view to start on (--camera): front, side, top, three-quarter; "": the default.
    property string startCamera: ""
    // The view the user kept, between runs.
    property alias keptView: skull.keptView
    property alias ledSize: skull.ledSize
    property alias diffusion: skull.diffusion
    property alias glow: skull.glow
    property alias exposure: skull.exposure
    property alias skullMesh: rigEdit.userMesh
    property alias showWiring: rigEdit.showWiring
    // Kept between runs by the studio's settings, with the panels above.
    property alias liveEndpoint: liveSession.endpoint
    property alias liveModel: liveSession.model
    // The session's text beside the skull (T), kept between runs.
    property bool showText: true

    visible: true
    // Every control is reachable down to this size (the transport bar folds its less-used
    // buttons into a menu, the error banner goes under the readouts).
    minimumWidth: 800
    minimumHeight: 600
    title: qsTr("OSSynapse Studio — %1").arg(StudioEngine.sourceName)
    color: "#0b0d12"
    visibility: performance ? Window.FullScreen : Window.AutomaticVisibility

    palette.window: "#14161d"
    palette.windowText: "#dee2ec"
    palette.base: "#1a1d25"
    palette.alternateBase: "#20242e"
    palette.text: "#dee2ec"
    palette.button: "#262a36"
    palette.buttonText: "#dee2ec"
    palette.highlight: "#ff6048"
    palette.highlightedText: "#ffffff"
    palette.placeholderText: "#787e8c"
    palette.mid: "#3c4250"
    palette.light: "#464c5c"
    palette.dark: "#0c0e12"
    palette.midlight: "#323846"
    palette.shadow: "#000000"

    ParameterModel {
        id: parameters
        engine: StudioEngine
    }

    LiveSession {
        id: liveSession
        engine: StudioEngine
    }

    RigEditState {
        id: rigEdit
    }

    TelemetryLink {
        id: telemetryLink
        engine: StudioEngine
        Component.onCompleted: if (window.startTelemetry !== "") connectTo(window.startTelemetry)
    }

    // Every key the studio answers, in one list: the shortcuts are made from it and the key
    // overlay (?) shows it, so the two cannot disagree. `keys` holds one sequence per index
    // passed to `run`; `label` shows them together where there are many.
    readonly property var keyBindings: [
        { keys: ["Space"], what: qsTr("Play or pause"), run: () => StudioEngine.togglePlaying() },
        { keys: ["Left", "Right"], label: "← / →", what: qsTr("Back or on 5 s"),
          run: (i) => StudioEngine.seek(StudioEngine.position + (i === 0 ? -5 : 5)) },
        { keys: ["Shift+Left", "Shift+Right"], label: "Shift+← / →",
          what: qsTr("One engine frame back or on"),
          run: (i) => StudioEngine.seek(StudioEngine.position
                                        + (i === 0 ? -1 : 1) / StudioEngine.frameRate) },
        { keys: ["Home", "End"], label: "Home / End", what: qsTr("To the start or the end"),
          run: (i) => StudioEngine.seek(i === 0 ? 0 : StudioEngine.duration) },
        { keys: ["B"], what: qsTr("Blackout on or off"),
          run: () => StudioEngine.blackout = !StudioEngine.blackout },
        { keys: ["F"], what: qsTr("Performance mode (full screen)"),
          run: () => window.performance = !window.performance },
        { keys: ["Escape"], what: qsTr("Leave performance mode, close this list and Look…"),
          run: () => { keyOverlay.close(); skull.closeLook(); window.performance = false } },
        { keys: ["W"], what: qsTr("Two-wire view"), run: () => window.wireView = !window.wireView },
        { keys: ["T"], what: qsTr("The session's text, shown or hidden"),
          run: () => window.showText = !window.showText },
        { keys: ["V"], what: qsTr("Weights mode"),
          run: () => window.weightsView = !window.weightsView },
        { keys: ["1", "2", "3", "4", "5", "6", "7", "8", "9"], label: "1 … 9",
          what: qsTr("Recall a preset"),
          run: (i) => StudioEngine.controls.control("preset_" + (i + 1)).value = 1 },
        { keys: ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5", "Ctrl+6", "Ctrl+7", "Ctrl+8",
                 "Ctrl+9"], label: "Ctrl+1 … 9", what: qsTr("Store the current setup as a preset"),
          run: (i) => StudioEngine.controls.storePreset(i + 1) },
        { keys: ["Alt+1", "Alt+2", "Alt+3", "Alt+4"], label: "Alt+1 … 4",
          what: qsTr("View from the front, the side, above, three-quarters"),
          run: (i) => skull.viewFrom(skull.cameraPresetNames[i]) },
        { keys: ["Alt+0"], what: qsTr("The view you kept"), run: () => skull.recallKeptView() },
        { keys: ["Ctrl+Alt+0"], what: qsTr("Keep this view"), run: () => skull.keepView() },
        { keys: ["Ctrl+O"], what: qsTr("Open a recording"), run: () => openDialog.open() },
        { keys: ["Ctrl+S"], what: qsTr("Save the rig"), run: () => {
            window.sideTab = sidePanel.rigTab
            sidePanel.saveRig()
        } },
        { keys: ["Ctrl+Z"], what: qsTr("Undo a rig edit"), run: () => StudioEngine.undoRig() },
        { keys: ["Ctrl+Shift+Z"], what: qsTr("Redo a rig edit"), run: () => StudioEngine.redoRig() },
        { keys: ["?", "F1"], label: "? / F1", what: qsTr("This list, open or closed"),
          run: () => keyOverlay.visible ? keyOverlay.close() : keyOverlay.open() },
        { keys: ["Ctrl+Q"], what: qsTr("Quit (the outputs go dark first)"), run: () => Qt.quit() }
    ]

    Repeater {
        model: window.keyBindings
        Item {
            id: binding
            required property var modelData
            Repeater {
                model: binding.modelData.keys
                Item {
                    id: key
                    required property string modelData
                    required property int index
                    Shortcut {
                        sequence: key.modelData
                        // Arrows, Home and End belong to a focused text field or slider first.
                        enabled: !(/^(Shift\+)?(Left|Right|Home|End)$/.test(key.modelData)
                                   && window.activeFocusItem
                                   && ("cursorPosition" in window.activeFocusItem
                                       || "stepSize" in window.activeFocusItem))
                        onActivated: binding.modelData.run(key.index)
                    }
                }
            }
        }
    }

    KeyOverlay {
        id: keyOverlay
        objectName: "keyOverlay"
        bindings: window.keyBindings
    }

    FileDialog {
        id: openDialog
        objectName: "openDialog"
        title: qsTr("Open a recording")
        nameFilters: [qsTr("Session recordings (*.jsonl)"), qsTr("All files (*)")]
        onAccepted: StudioEngine.openRecording(selectedFile)
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            WeightsPage {
                objectName: "weightsPage"
                link: telemetryLink
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: window.weightsView
            }

            SkullView {
                id: skull
                objectName: "skullView"
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: !window.weightsView
                wireView: window.wireView
                performance: window.performance
                rigEdit: rigEdit
                userMesh: rigEdit.userMesh
                Component.onCompleted: if (window.startCamera !== "") viewFrom(window.startCamera)

                DropArea {
                    anchors.fill: parent
                    onDropped: (drop) => {
                        if (drop.hasUrls)
                            StudioEngine.openRecording(drop.urls[0])
                    }
                }

                StatusOverlay {
                    id: status
                    objectName: "statusOverlay"
                    anchors.left: parent.left
                    anchors.top: parent.top
                    anchors.margins: 14
                    visible: !window.performance
                }

                // Beside the readouts, never over them: they are what a performer reads first.
                // Where the view is too narrow for a readable banner beside them, under them.
                ErrorBanner {
                    id: errorBanner
                    objectName: "errorBanner"
                    readonly property real besideWidth:
                        parent.width - 28 - (status.visible ? status.width + 14 : 0)
                    readonly property bool beside: !status.visible || besideWidth >= 320
                    x: parent.width - 14 - width
                    y: beside ? 14 : status.y + status.height + 10
                    width: beside ? Math.min(720, besideWidth) : parent.width - 28
                    // Over any panel laid on the view; no readout is under it.
                    z: 1
                }

                // Bottom left, under the readouts and clear of them; the camera's buttons have
                // the bottom right.
                SessionTextPanel {
                    id: sessionText
                    objectName: "sessionTextPanel"
                    visible: window.showText
                    anchors.left: parent.left
                    anchors.leftMargin: 14
                    anchors.bottom: textToggle.top
                    anchors.bottomMargin: 4
                    width: Math.min(420, parent.width * 0.32)
                    height: Math.min(parent.height * 0.55,
                                     textToggle.y - 4 - (status.visible ? status.y + status.height + 14
                                                                        : 14))
                    reasoning: StudioEngine.sessionText.reasoning
                    answer: StudioEngine.sessionText.answer
                    hasText: StudioEngine.sessionText.hasText
                }

                ToolButton {
                    id: textToggle
                    objectName: "textToggle"
                    anchors.left: parent.left
                    anchors.leftMargin: 14
                    anchors.bottom: performanceControls.visible ? performanceControls.top
                                                                : parent.bottom
                    anchors.bottomMargin: 10
                    text: qsTr("Text")
                    checkable: true
                    checked: window.showText
                    onToggled: window.showText = checked
                    font.pixelSize: 12
                    ToolTip.visible: hovered
                    ToolTip.delay: 500
                    ToolTip.text: qsTr("The reasoning and the answer as they stream (T)")
                }

                PerformanceControls {
                    id: performanceControls
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    visible: window.performance
                    onLeave: window.performance = false
                }
            }

            RatePlot {
                Layout.fillWidth: true
                Layout.preferredHeight: 120
                visible: !window.performance
                engine: StudioEngine
            }

            TransportBar {
                objectName: "transportBar"
                Layout.fillWidth: true
                visible: !window.performance
                wireView: window.wireView
                weightsView: window.weightsView
                onWeightsViewToggled: window.weightsView = !window.weightsView
                onOpenRequested: openDialog.open()
                onWireViewToggled: window.wireView = !window.wireView
                onPerformanceRequested: window.performance = true
            }
        }

        SidePanel {
            id: sidePanel
            Layout.preferredWidth: 360
            Layout.maximumWidth: 360
            Layout.fillHeight: true
            visible: !window.performance
            parameters: parameters
            liveSession: liveSession
            rigEdit: rigEdit
            telemetryLink: telemetryLink
            currentTab: window.sideTab
            onCurrentTabChanged: window.sideTab = currentTab
        }
    }
}

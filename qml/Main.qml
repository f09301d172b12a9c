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
    property alias skullMesh: rigEdit.userMesh
    property alias showWiring: rigEdit.showWiring
    // Kept between runs by the studio's settings, with the panels above.
    property alias liveEndpoint: liveSession.endpoint
    property alias liveModel: liveSession.model

    visible: true
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

    Shortcut { sequence: "Space"; onActivated: StudioEngine.togglePlaying() }
    Shortcut { sequence: "B"; onActivated: StudioEngine.blackout = !StudioEngine.blackout }
    Shortcut { sequence: "F"; onActivated: window.performance = !window.performance }
    Shortcut { sequence: "W"; onActivated: window.wireView = !window.wireView }
    Shortcut { sequence: "V"; onActivated: window.weightsView = !window.weightsView }
    Shortcut { sequence: "Escape"; enabled: window.performance; onActivated: window.performance = false }
    Repeater {
        model: 9
        Item {
            required property int index
            Shortcut {
                sequence: String(index + 1)
                onActivated: StudioEngine.controls.control("preset_" + (index + 1)).value = 1
            }
            Shortcut {
                sequence: "Ctrl+" + String(index + 1)
                onActivated: StudioEngine.controls.storePreset(index + 1)
            }
        }
    }

    FileDialog {
        id: openDialog
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
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: !window.weightsView
                wireView: window.wireView
                performance: window.performance
                rigEdit: rigEdit
                userMesh: rigEdit.userMesh

                DropArea {
                    anchors.fill: parent
                    onDropped: (drop) => {
                        if (drop.hasUrls)
                            StudioEngine.openRecording(drop.urls[0])
                    }
                }

                StatusOverlay {
                    id: status
                    anchors.left: parent.left
                    anchors.top: parent.top
                    anchors.margins: 14
                    visible: !window.performance
                }

                // Beside the readouts, never over them: they are what a performer reads first.
                ErrorBanner {
                    anchors.top: parent.top
                    anchors.topMargin: 14
                    anchors.right: parent.right
                    anchors.rightMargin: 14
                    width: Math.min(720, parent.width - 28 - (status.visible ? status.width + 14 : 0))
                }

                PerformanceControls {
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

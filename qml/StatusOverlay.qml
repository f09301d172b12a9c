import QtQuick
import QtQuick.Layouts
import OSSynapse.Backend

// What the light means right now: per channel its pattern, rate and tokens; the frame rates.
Rectangle {
    id: overlay
    color: "#a0101318"
    radius: 6
    border.color: "#22ffffff"
    implicitWidth: grid.implicitWidth + 24
    implicitHeight: grid.implicitHeight + 18

    FrameRateMeter { id: renderRate }

    GridLayout {
        id: grid
        anchors.centerIn: parent
        columns: 4
        columnSpacing: 14
        rowSpacing: 4

        Text { text: ""; color: "#8a93a6" }
        Text { text: qsTr("pattern"); color: "#8a93a6"; font.pixelSize: 11 }
        Text { text: qsTr("tokens/s"); color: "#8a93a6"; font.pixelSize: 11 }
        Text { text: qsTr("tokens"); color: "#8a93a6"; font.pixelSize: 11 }

        Text { text: qsTr("● reasoning"); color: "#ff5a44"; font.pixelSize: 13; font.bold: true }
        Text { text: StudioEngine.channels[0].pattern; color: "#e8ecf4"; font.pixelSize: 13 }
        Text { text: StudioEngine.channels[0].rate.toFixed(1); color: "#e8ecf4"; font.pixelSize: 13; font.family: "monospace" }
        Text { text: StudioEngine.channels[0].tokens; color: "#e8ecf4"; font.pixelSize: 13; font.family: "monospace" }

        Text { text: qsTr("● completion"); color: "#eef2ff"; font.pixelSize: 13; font.bold: true }
        Text { text: StudioEngine.channels[1].pattern; color: "#e8ecf4"; font.pixelSize: 13 }
        Text { text: StudioEngine.channels[1].rate.toFixed(1); color: "#e8ecf4"; font.pixelSize: 13; font.family: "monospace" }
        Text { text: StudioEngine.channels[1].tokens; color: "#e8ecf4"; font.pixelSize: 13; font.family: "monospace" }

        Text {
            Layout.columnSpan: 4
            objectName: "outputMode"
            visible: StudioEngine.blackout || StudioEngine.frozen
            text: StudioEngine.blackout ? qsTr("BLACKOUT: every LED and output dark (B)")
                                        : qsTr("FROZEN: the light holds this frame")
            color: "#ff6048"
            font.pixelSize: 12
            font.bold: true
        }
        Text {
            Layout.columnSpan: 4
            objectName: "rates"
            // Paused, the rates would only flicker between 0 and 1 and redraw the scene for it
            // every second: a still studio says so and draws nothing.
            text: StudioEngine.playing || StudioEngine.live
                  ? qsTr("engine %1 fps · view %2 fps · %3 LEDs%4")
                        .arg(StudioEngine.engineFps.toFixed(0)).arg(renderRate.fps.toFixed(0))
                        .arg(StudioEngine.ledCount)
                        .arg(StudioEngine.burstAccent > 0 ? qsTr(" · burst") : "")
                  : qsTr("paused · %1 LEDs").arg(StudioEngine.ledCount)
            color: "#8a93a6"
            font.pixelSize: 11
        }
    }
}

import QtQuick

// Frames drawn per second by the window this item is in, updated once a second. It counts the
// frames the window swaps and never asks for one itself, so a still studio draws nothing.
Item {
    id: meter
    property real fps: 0
    property int frames: 0

    Connections {
        target: meter.Window.window
        function onFrameSwapped() { meter.frames += 1 }
    }
    Timer {
        interval: 1000
        repeat: true
        running: true
        onTriggered: {
            meter.fps = meter.frames
            meter.frames = 0
        }
    }
}

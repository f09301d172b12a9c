import QtQuick

// Frames drawn per second by the window this item is in, updated once a second.
Item {
    id: meter
    property real fps: 0
    property int frames: 0

    FrameAnimation {
        running: true
        onTriggered: meter.frames += 1
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

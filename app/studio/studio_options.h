#pragma once

#include <QSize>
#include <QString>
#include <QStringList>
#include <QtGlobal>
#include <optional>
#include <vector>

namespace ossynapse {

// One screenshot to take: pause the replay at `position` seconds and save the window.
struct Capture {
    double position;  // seconds into the replay, or after the window shows (`afterStart`)
    QString path;
    bool afterStart = false;  // "+3:shot.png": for live telemetry, where no replay runs
};

// A video of the replay, frame by frame at `fps` from `from` to `to` seconds (to: the end of
// the recording when not given), written by ffmpeg to `path` (its extension picks the
// container: .mp4, .mkv, .mov).
struct VideoExport {
    QString path;
    double fps = 30.0;
    double from = 0.0;
    std::optional<double> to;
};

// The studio's command line.
struct StudioOptions {
    QString recording;  // empty: a bundled one
    QString parametersFile;
    QString rigFile;
    bool fresh = false;  // ignore the state saved by earlier runs
    bool performance = false;
    QSize size{1280, 720};
    bool sizeGiven = false;    // --size on the command line
    int panel = -1;            // side panel tab to open; -1: as last time
    bool weightsView = false;  // start on the weights mode instead of the skull
    QString camera;            // a camera view to start on; empty: the default one
    QString telemetryUrl;      // connect to this tap at once; empty: not
    std::vector<Capture> captures;
    int benchmarkFrames = 0;
    std::optional<VideoExport> video;
    std::optional<quint16> oscPort;  // listen for OSC controls on this UDP port (0: a free one)
    QString midiPort;                // MIDI input port ("virtual": our own); empty: no MIDI
    QString midiMap;                 // its mapping file
    QString midiApi;                 // "jack", "alsa" or empty
    std::optional<QString> error;    // set when the command line is wrong
};

StudioOptions parseStudioOptions(const QStringList& arguments);

}  // namespace ossynapse

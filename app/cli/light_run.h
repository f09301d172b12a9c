#pragma once

#include <QCommandLineParser>
#include <QEventLoop>
#include <QString>
#include <QTimer>
#include <functional>
#include <memory>

#include "app/cli/exit_signals.h"
#include "app/control/midi_control_input.h"
#include "app/control/osc_control_server.h"
#include "app/playback/frame_producer.h"

namespace ossynapse::cli {

// The lights a real-time verb drives (`replay`, `stream --to`): the shared options, the engine
// producing frames at its own cadence, the targets, and the way out. Every way out darkens the
// targets (a black frame where one was left lit, E1.31 stream-terminated): the natural end
// through finish(), SIGINT and SIGTERM by themselves.
class LightRun {
  public:
    // --to URI (repeatable), --fps N, --params P.json, --rig R.json, --osc-port N, and
    // --midi-port NAME with --midi-map M.json (and --midi-api).
    static void addOptions(QCommandLineParser& parser);
    // The kinds of target, for a verb's description (the sink factory's help).
    static QString targetHelp();

    // Reads the options; a bad target, number or file is refused before anything plays
    // (UsageError, InputError). `verb` prefixes every status line.
    LightRun(const QCommandLineParser& parser, QString verb);

    bool hasTargets() const { return !m_producer.snapshot().outputs.empty(); }
    FrameProducer& producer() { return m_producer; }
    // Called once when SIGINT or SIGTERM arrives, before the targets are finished.
    void onInterrupt(std::function<void()> handler) { m_interrupt = std::move(handler); }
    // A status line every second (replay) instead of only at the end (stream).
    void reportEverySecond(bool position);

    // Starts the engine's clock and runs until finish() or a signal. Returns the exit code:
    // finish()'s, 128 + the signal's number, or 1 when there were targets and every one failed
    // (nothing reached any of them).
    int exec();
    // The run is over: every target is darkened and released; exec() returns once the last
    // delayed data has gone out. Repeated calls keep the first code.
    void finish(int exitCode);

  private:
    void report(const char* what) const;
    // The controls a performer reaches over OSC while the lights run: every engine parameter
    // by its key, "blackout" and "freeze" (presets are the studio's).
    ControlReply setControl(const QString& key, double value);
    void listenForOsc(const QCommandLineParser& parser);
    void listenForMidi(const QCommandLineParser& parser);

    QString m_verb;
    double m_fps = 100.0;
    FrameProducer m_producer;
    QEventLoop m_loop;
    QTimer m_status;
    ExitSignals m_signals;
    std::unique_ptr<OscControlServer> m_osc;
    std::unique_ptr<MidiControlInput> m_midi;
    std::function<void()> m_interrupt;
    bool m_finishing = false;
    bool m_reportPosition = false;
    int m_exitCode = 0;
};

}  // namespace ossynapse::cli

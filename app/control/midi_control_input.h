#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "app/control/midi_mapping.h"
#include "app/control/osc_control_server.h"

class RtMidiIn;

namespace ossynapse {

// A MIDI input (RtMidi, on JACK or the ALSA sequencer) driving controls through a mapping
// (midi_mapping.h). Messages arrive on RtMidi's thread and are handed to the thread that made
// this object, in order, so controls are only ever written there.
//
// Learn: after learn(key, low, high) the next CC or note-on that arrives is bound to `key`
// over [low, high] (learned() says which); until then messages drive the mapping as usual.
class MidiControlInput : public QObject {
    Q_OBJECT
  public:
    // `api`: "jack", "alsa" or empty (RtMidi's first that works). `port`: the first input port
    // whose name contains it; empty opens a virtual port named "OSSynapse" that a controller is
    // then connected to. Throws ControlSurfaceError naming the ports there are.
    MidiControlInput(const QString& api,
                     const QString& port,
                     MidiMapping mapping,
                     ControlWrite write,
                     QObject* parent = nullptr);
    ~MidiControlInput() override;

    // The port listened to, as the MIDI system names it.
    QString portName() const { return m_portName; }
    const MidiMapping& mapping() const { return m_mapping; }
    void learn(const QString& key, double low, double high);
    void cancelLearn() { m_learnKey.reset(); }
    bool learning() const { return m_learnKey.has_value(); }

  signals:
    void applied(const QString& key, double value);
    // `source` in words ("CC 7 on channel 1").
    void refused(const QString& source, const QString& why);
    void learned(const QString& key, const QString& source);

  private:
    static void onMessage(double deltaSeconds, std::vector<unsigned char>* message, void* self);
    void take(const std::vector<std::uint8_t>& message);

    std::unique_ptr<RtMidiIn> m_input;
    QString m_portName;
    MidiMapping m_mapping;
    ControlWrite m_write;
    std::optional<QString> m_learnKey;
    double m_learnLow = 0.0;
    double m_learnHigh = 1.0;
};

// --midi-port, --midi-map and --midi-api, shared by every program that takes MIDI controls.
QList<QCommandLineOption> midiCommandLineOptions();

// The ports an RtMidi API offers for input, for a "which port?" message.
QStringList midiInputPorts(const QString& api);

}  // namespace ossynapse

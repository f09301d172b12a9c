#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QPointer>
#include <QString>

#include "app/control/midi_control_input.h"

namespace ossynapse {

class ControlRegistry;

// MIDI learn as the studio offers it: pick a control, press Learn, move a knob, fader or pad;
// that source now drives the control over its whole range, and the mapping file the studio was
// started with (--midi-map) is rewritten at once, so the binding is kept for the next run. The
// MIDI input itself (midi_control_input.h) is opened by the studio at start-up and attached.
class MidiLearn : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MIDI learn comes from StudioEngine.controls.midi")
    Q_PROPERTY(bool available READ available NOTIFY changed)
    Q_PROPERTY(QString portName READ portName NOTIFY changed)
    Q_PROPERTY(QString learningKey READ learningKey NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)

  public:
    explicit MidiLearn(ControlRegistry* controls);

    // `mappingFile`: where learned bindings are written (the --midi-map file).
    void attach(MidiControlInput* input, const QString& mappingFile);

    bool available() const { return m_input != nullptr; }
    QString portName() const;
    // The control waiting for a source; empty when not learning.
    QString learningKey() const { return m_learningKey; }
    QString status() const { return m_status; }

    // False (and the status says why) for a key that is not a control or with no MIDI input.
    Q_INVOKABLE bool learn(const QString& key);
    Q_INVOKABLE void cancel();

  signals:
    void changed();

  private:
    void learned(const QString& key, const QString& source);
    void setStatus(const QString& status);

    ControlRegistry* m_controls;
    QPointer<MidiControlInput> m_input;
    QString m_mappingFile;
    QString m_learningKey;
    QString m_status;
};

}  // namespace ossynapse

#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QStringList>
#include <map>

#include "app/control/midi_learn.h"
#include "app/control/osc_control_server.h"
#include "app/control/preset_store.h"
#include "control.h"

namespace ossynapse {

class StudioEngine;

// Every control of the studio by key, owned beside the engine it drives:
// - each engine parameter by its parameter-file key (core/parameters.cpp), with its range;
// - "blackout", "freeze", "loop" (toggles), "speed" (0.25-8), "frame_rate" (10-400 fps),
//   "identify" (the lobe lit alone, -1 for none);
// - "preset_1" .. "preset_9" (triggers: recall the stored preset; available once stored).
// QML binds to these, never to invokables, so every view follows a change made anywhere.
class ControlRegistry : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("the registry comes from StudioEngine.controls")
    Q_PROPERTY(QStringList keys READ keys CONSTANT)
    Q_PROPERTY(ossynapse::PresetStore* presets READ presets CONSTANT)
    Q_PROPERTY(ossynapse::MidiLearn* midi READ midi CONSTANT)

  public:
    explicit ControlRegistry(StudioEngine* engine);

    QStringList keys() const { return m_keys; }
    // nullptr for a key that is not a control.
    Q_INVOKABLE ossynapse::Control* control(const QString& key) const;

    // The registry as a control surface's target (OSC): the control of that key takes the
    // value as a slider would give it; a key that is not here is Unknown, a value the engine
    // refused is Refused in the engine's words.
    ControlWrite surfaceWrite();

    // Presets 1-9 for live use: the parameters as they are now, with their names, kept in the
    // studio's settings.
    PresetStore* presets() const { return m_presets; }
    // MIDI learn, once the studio has attached its MIDI input.
    MidiLearn* midi() const { return m_midi; }
    Q_INVOKABLE void storePreset(int slot);
    bool recallPreset(int slot);
    bool hasPreset(int slot) const;

  private:
    Control* add(const QString& key,
                 Control::Kind kind,
                 double minimum,
                 double maximum,
                 Control::Access access);
    void refreshAll();

    StudioEngine* m_engine;
    QStringList m_keys;
    std::map<QString, Control*> m_controls;
    PresetStore* m_presets;
    MidiLearn* m_midi;
};

}  // namespace ossynapse

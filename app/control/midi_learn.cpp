#include "app/control/midi_learn.h"

#include "app/common/json_file.h"
#include "app/control/control_registry.h"
#include "app/control/midi_control_input.h"

namespace ossynapse {

MidiLearn::MidiLearn(ControlRegistry* controls)
    : QObject(controls),
      m_controls(controls),
      m_status(tr("MIDI is off: start the studio with --midi-port NAME --midi-map FILE")) {}

void MidiLearn::attach(MidiControlInput* input, const QString& mappingFile) {
    m_input = input;
    m_mappingFile = mappingFile;
    connect(input, &MidiControlInput::learned, this, &MidiLearn::learned);
    m_status = tr("MIDI from %1: pick a control and press Learn").arg(input->portName());
    emit changed();
}

QString MidiLearn::portName() const {
    return m_input ? m_input->portName() : QString();
}

bool MidiLearn::learn(const QString& key) {
    if (!m_input) {
        emit changed();  // the status already says why
        return false;
    }
    const Control* control = m_controls->control(key);
    if (control == nullptr) {
        setStatus(tr("'%1' is not a control").arg(key));
        return false;
    }
    m_input->learn(key, control->minimum(), control->maximum());
    m_learningKey = key;
    setStatus(tr("Move a knob, fader or pad for %1…").arg(key));
    return true;
}

void MidiLearn::cancel() {
    if (m_input && !m_learningKey.isEmpty()) {
        m_input->cancelLearn();
        m_learningKey.clear();
        setStatus(tr("Learn cancelled"));
    }
}

void MidiLearn::learned(const QString& key, const QString& source) {
    m_learningKey.clear();
    try {
        writeJsonFile(m_mappingFile.toStdString(), m_input->mapping().toJson());
        setStatus(tr("%1 → %2, kept in %3").arg(source, key, m_mappingFile));
    } catch (const std::exception& error) {
        setStatus(tr("%1 → %2 for this run; not kept: %3")
                      .arg(source, key, QString::fromUtf8(error.what())));
    }
}

void MidiLearn::setStatus(const QString& status) {
    m_status = status;
    emit changed();
}

}  // namespace ossynapse

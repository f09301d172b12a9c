#include "app/control/midi_control_input.h"

#include <RtMidi.h>

#include <QMetaObject>

namespace ossynapse {
namespace {

RtMidi::Api apiNamed(const QString& api) {
    if (api.isEmpty()) {
        return RtMidi::UNSPECIFIED;
    }
    const RtMidi::Api named = RtMidi::getCompiledApiByName(api.toStdString());
    if (named == RtMidi::UNSPECIFIED) {
        std::vector<RtMidi::Api> apis;
        RtMidi::getCompiledApi(apis);
        QStringList names;
        for (RtMidi::Api each : apis) {
            names << QString::fromStdString(RtMidi::getApiName(each));
        }
        throw ControlSurfaceError("no MIDI API '" + api.toStdString() + "' (this build has " +
                                  names.join(QStringLiteral(", ")).toStdString() + ")");
    }
    return named;
}

// RtMidi reports warnings through a callback or on stderr; an error is thrown as RtMidiError.
void ignoreWarning(RtMidiError::Type, const std::string&, void*) {}

}  // namespace

QList<QCommandLineOption> midiCommandLineOptions() {
    return {
        {QStringLiteral("midi-port"),
         QStringLiteral("Take MIDI controls from the input port whose name contains NAME "
                        "('virtual': a port of our own named OSSynapse), through --midi-map."),
         QStringLiteral("NAME")},
        {QStringLiteral("midi-map"),
         QStringLiteral("MIDI mapping (JSON): which CC or note drives which control."),
         QStringLiteral("M.json")},
        {QStringLiteral("midi-api"),
         QStringLiteral("MIDI system: jack or alsa (default: the first that works)."),
         QStringLiteral("API")},
    };
}

QStringList midiInputPorts(const QString& api) {
    QStringList ports;
    try {
        RtMidiIn input(apiNamed(api), "OSSynapse port list");
        input.setErrorCallback(ignoreWarning);
        for (unsigned int i = 0; i < input.getPortCount(); ++i) {
            ports << QString::fromStdString(input.getPortName(i));
        }
    } catch (const RtMidiError&) {
    }
    return ports;
}

MidiControlInput::MidiControlInput(const QString& api,
                                   const QString& port,
                                   MidiMapping mapping,
                                   ControlWrite write,
                                   QObject* parent)
    : QObject(parent), m_mapping(std::move(mapping)), m_write(std::move(write)) {
    try {
        m_input = std::make_unique<RtMidiIn>(apiNamed(api), "OSSynapse");
        m_input->setErrorCallback(ignoreWarning);
        // Clock, active sensing and SysEx are not controls.
        m_input->ignoreTypes(true, true, true);
        m_input->setCallback(&MidiControlInput::onMessage, this);
        if (port.isEmpty()) {
            m_input->openVirtualPort("OSSynapse");
            m_portName = QStringLiteral("OSSynapse (virtual)");
            return;
        }
        QStringList ports;
        for (unsigned int i = 0; i < m_input->getPortCount(); ++i) {
            const QString name = QString::fromStdString(m_input->getPortName(i));
            if (name.contains(port)) {
                m_input->openPort(i, "OSSynapse");
                m_portName = name;
                return;
            }
            ports << name;
        }
        throw ControlSurfaceError(
            "no MIDI input port named like '" + port.toStdString() + "' (there are: " +
            (ports.isEmpty() ? std::string("none")
                             : ports.join(QStringLiteral(", ")).toStdString()) +
            ")");
    } catch (const RtMidiError& error) {
        throw ControlSurfaceError("cannot open MIDI input: " + error.getMessage());
    }
}

MidiControlInput::~MidiControlInput() {
    // Close first: no callback may run into a half-destroyed object.
    m_input->cancelCallback();
    m_input->closePort();
}

void MidiControlInput::onMessage(double deltaSeconds,
                                 std::vector<unsigned char>* message,
                                 void* self) {
    Q_UNUSED(deltaSeconds);
    auto* input = static_cast<MidiControlInput*>(self);
    std::vector<std::uint8_t> bytes(message->begin(), message->end());
    QMetaObject::invokeMethod(
        input, [input, bytes = std::move(bytes)] { input->take(bytes); }, Qt::QueuedConnection);
}

void MidiControlInput::learn(const QString& key, double low, double high) {
    m_learnKey = key;
    m_learnLow = low;
    m_learnHigh = high;
}

void MidiControlInput::take(const std::vector<std::uint8_t>& message) {
    if (m_learnKey) {
        if (const std::optional<MidiSource> source = MidiMapping::sourceOf(message)) {
            const QString key = *m_learnKey;
            m_learnKey.reset();
            m_mapping.bind({*source, key.toStdString(), m_learnLow, m_learnHigh, false});
            emit learned(key, QString::fromStdString(source->describe()));
        }
    }
    for (const MidiControlChange& change : m_mapping.changesFor(message)) {
        const QString key = QString::fromStdString(change.control);
        const ControlReply reply = m_write(key, change.value);
        if (reply.outcome == ControlReply::Outcome::Applied) {
            emit applied(key, change.value);
        } else {
            const std::optional<MidiSource> source = MidiMapping::sourceOf(message);
            emit refused(source ? QString::fromStdString(source->describe()) : key, reply.why);
        }
    }
}

}  // namespace ossynapse

import QtQuick
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// The Tune panel's MIDI learn row with no MIDI input open (a studio started without
// --midi-port): nothing to press, and it says how to turn MIDI on. (With a controller, the
// learn itself is tst_midi_control, through a real JACK MIDI stack.)
TestCase {
    id: test
    name: "MidiLearnRow"
    when: windowShown
    width: 400
    height: 120
    visible: true

    Component {
        id: rowComponent
        MidiLearnRow { width: 380 }
    }

    function test_withoutMidiItSaysHowToTurnItOn() {
        const row = createTemporaryObject(rowComponent, test)
        const button = findChild(row, "midiLearnButton")
        verify(button)
        verify(!button.enabled)
        compare(button.text, "Learn")
        verify(!findChild(row, "midiLearnControl").enabled)
        const status = findChild(row, "midiLearnStatus")
        verify(status.text.indexOf("--midi-port") >= 0, status.text)
        // Every control is offered, by its key.
        const keys = findChild(row, "midiLearnControl").model
        verify(keys.indexOf("gamma") >= 0)
        verify(keys.indexOf("preset_9") >= 0)
        verify(keys.indexOf("blackout") >= 0)
    }
}

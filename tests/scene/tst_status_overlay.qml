import QtQuick
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// The readout in the view's corner: rates while a session plays, a plain "paused" while it does
// not (rates that changed every second redrew the whole scene of a still studio for them).
TestCase {
    id: test
    name: "StatusOverlay"
    when: windowShown
    width: 400
    height: 200
    visible: true

    Component {
        id: overlayComponent
        StatusOverlay {}
    }

    function test_pausedSaysSoAndRatesShowWhilePlaying() {
        const overlay = createTemporaryObject(overlayComponent, test)
        const rates = findChild(overlay, "rates")
        verify(rates)
        // A recording of its own, from the start, looping: other suites leave the engine where
        // they stopped it.
        verify(StudioEngine.openRecording(Qt.resolvedUrl("../../recordings/burst-heavy.jsonl")))
        StudioEngine.loop = true
        StudioEngine.playing = false
        StudioEngine.seek(0)
        tryCompare(rates, "text", "paused · " + StudioEngine.ledCount + " LEDs")
        StudioEngine.playing = true
        tryVerify(() => StudioEngine.playing)
        verify(rates.text.startsWith("engine "), rates.text)
        verify(rates.text.indexOf(" fps · view ") > 0, rates.text)
        StudioEngine.playing = false
        tryCompare(rates, "text", "paused · " + StudioEngine.ledCount + " LEDs")
        StudioEngine.loop = false
    }

    // Blackout and freeze are said in the readout (defect: leaving performance mode with
    // blackout on showed a dark skull beside live rates and nothing saying why).
    function test_blackoutAndFreezeAreSaid_data() {
        return [
            { tag: "blackout", property: "blackout", says: "BLACKOUT" },
            { tag: "freeze", property: "frozen", says: "FROZEN" }
        ]
    }

    function test_blackoutAndFreezeAreSaid(data) {
        const overlay = createTemporaryObject(overlayComponent, test)
        const mode = findChild(overlay, "outputMode")
        verify(mode)
        verify(!mode.visible)
        StudioEngine[data.property] = true
        tryVerify(() => mode.visible)
        verify(mode.text.startsWith(data.says), mode.text)
        StudioEngine[data.property] = false
        tryVerify(() => !mode.visible)
    }
}

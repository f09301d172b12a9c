import QtQuick
import QtTest
import QtQuick.Controls
import OSSynapse.Backend
import OSSynapse.Studio

// The Tune panel's sliders as hands use them: a typed value, a double-click for the default,
// Shift for a fine drag, and rate sliders that do not jump at the slow end (defect: on a
// linear 0-2000 tokens/s slider five pixels were 18 tokens/s).
TestCase {
    id: test
    name: "TuningSliders"
    when: windowShown
    width: 420
    height: 900
    visible: true

    Component {
        id: panelComponent
        TuningPanel {
            width: 400
            height: 900
            parameters: ParameterModel { engine: StudioEngine }
        }
    }

    property var panel: null

    function init() {
        panel = createTemporaryObject(panelComponent, test)
        panel.parameters.resetToDefaults()
    }

    function cleanup() {
        panel.parameters.resetToDefaults()
    }

    function row(key) {
        let found = null
        tryVerify(() => (found = findChild(panel, "parameter-" + key)) !== null, 2000, key)
        return found
    }

    function typeValue(key, text) {
        const field = findChild(row(key), "valueField")
        verify(field)
        mouseClick(field)
        tryVerify(() => field.activeFocus)
        field.selectAll()
        for (const c of text)
            keyClick(c)
        keyClick(Qt.Key_Return)
        return field
    }

    function test_typedValueIsApplied_data() {
        return [
            { tag: "in range", key: "gamma", typed: "2.5", applied: 2.5, shown: "2.50" },
            { tag: "with its unit", key: "reasoning_ewma_tau_s", typed: "0.4 s", applied: 0.4,
              shown: "0.40 s" },
            { tag: "above the range", key: "gamma", typed: "9", applied: 4, shown: "4.00" },
            { tag: "not a number", key: "gamma", typed: "abc", applied: 2.2, shown: "2.20" },
            // Shown with the decimals it was typed with (defect: 12.345 applied showed 12.3).
            { tag: "typed to the thousandth", key: "breathe_period_s", typed: "12.345",
              applied: 12.345, shown: "12.345 s" },
            { tag: "past the thousandth", key: "breathe_period_s", typed: "12.34567",
              applied: 12.346, shown: "12.346 s" },
            // Refused by the engine (above the stream threshold): the field shows the applied.
            { tag: "refused threshold", key: "active_threshold_tps", typed: "1500",
              applied: -1, shown: "" }
        ]
    }

    function test_typedValueIsApplied(data) {
        const before = panel.parameters.value(data.key)
        const field = typeValue(data.key, data.typed)
        const applied = data.applied < 0 ? before : data.applied
        compare(panel.parameters.value(data.key), applied)
        compare(field.text, data.shown !== "" ? data.shown : row(data.key).format(before))
        verify(!field.activeFocus, "Enter leaves the field")
    }

    // The hint on the typed value gives the range the engine takes, with the neighbours that
    // bound a threshold (defect: it gave the slider's 0 to 2000 tokens/s, and a value past
    // a neighbour was refused with no warning).
    function test_rangeHintNamesTheNeighbours_data() {
        return [
            { tag: "active threshold", key: "active_threshold_tps",
              hint: "Type a value from 0.0 tokens/s, below 15.0 tokens/s (stream threshold)" },
            { tag: "stream threshold", key: "stream_threshold_tps",
              hint: "Type a value above 0.5 tokens/s (active threshold), below 80.0 tokens/s "
                    + "(heartbeat threshold)" },
            { tag: "heartbeat threshold", key: "heartbeat_threshold_tps",
              hint: "Type a value above 15.0 tokens/s (stream threshold), up to 2000.0 tokens/s" },
            { tag: "stream, after heartbeat moved", key: "stream_threshold_tps",
              set: { key: "heartbeat_threshold_tps", value: 50 },
              hint: "Type a value above 0.5 tokens/s (active threshold), below 50.0 tokens/s "
                    + "(heartbeat threshold)" },
            { tag: "gamma: its own range", key: "gamma", hint: "Type a value from 1.00 to 4.00" }
        ]
    }

    function test_rangeHintNamesTheNeighbours(data) {
        if (data.set)
            verify(panel.parameters.setValueByKey(data.set.key, data.set.value))
        const field = findChild(row(data.key), "valueField")
        verify(field)
        tryCompare(field.ToolTip, "text", data.hint)
        // The hint is what the engine does: a value just inside is taken, the bound refused.
        const r = row(data.key)
        const inside = (r.effectiveMinimum + Math.min(r.effectiveMaximum, 1000)) / 2
        verify(panel.parameters.setValueByKey(data.key, inside), "took " + inside)
        if (r.minimumNeighbour !== "") {
            const bound = r.effectiveMinimum
            verify(!panel.parameters.setValueByKey(data.key, bound), "refused " + bound)
            StudioEngine.clearError()
        }
    }

    function test_doubleClickResetsToTheDefault() {
        const r = row("gamma")
        verify(panel.parameters.setValueByKey("gamma", 3.1))
        compare(panel.parameters.value("gamma"), 3.1)
        const slider = findChild(r, "slider")
        mouseDoubleClickSequence(slider, slider.width / 2, slider.height / 2)
        tryVerify(() => panel.parameters.value("gamma") === r.defaultValue, 2000,
                  "gamma back to " + r.defaultValue)
    }

    // Drags the slider's handle by dx pixels (Shift held when fine) and returns the change.
    function drag(key, dx, fine) {
        const slider = findChild(row(key), "slider")
        const before = panel.parameters.value(key)
        const x = slider.handle.x + slider.handle.width / 2
        const y = slider.handle.y + slider.handle.height / 2
        const modifiers = fine ? Qt.ShiftModifier : Qt.NoModifier
        mousePress(slider, x, y, Qt.LeftButton, modifiers)
        for (let step = 1; step <= 10; ++step)
            mouseMove(slider, x + dx * step / 10, y, -1, Qt.LeftButton, modifiers)
        mouseRelease(slider, x + dx, y, Qt.LeftButton, modifiers)
        return panel.parameters.value(key) - before
    }

    function test_rateSliderIsFineAtTheSlowEnd() {
        verify(row("active_threshold_tps").logarithmic)
        verify(panel.parameters.setValueByKey("active_threshold_tps", 2))
        const change = drag("active_threshold_tps", 5, false)
        verify(change > 0, "five pixels right raised it: " + change)
        verify(change < 1.0, "five pixels moved " + change + " tokens/s")
    }

    function test_shiftDragMovesATenth() {
        verify(panel.parameters.setValueByKey("gamma", 2.0))
        const coarse = drag("gamma", 60, false)
        verify(panel.parameters.setValueByKey("gamma", 2.0))
        const fine = drag("gamma", 60, true)
        verify(coarse > 0.3, "a plain drag moved " + coarse)
        verify(fine > 0 && fine < coarse / 5, "a Shift drag moved " + fine + " against " + coarse)
    }
}

import QtQuick
import QtTest
import OSSynapse.Studio

TestCase {
    id: test
    name: "ParameterRow"
    when: windowShown
    width: 400
    height: 200
    visible: true

    Component {
        id: rowComponent
        ParameterRow {
            key: "completion_ewma_tau_s"
            unit: "s"
            minimum: 0
            maximum: 10
            value: 0.25
            description: "Smoothing time constant"
            step: 0.05
            defaultValue: 0.25
            logarithmic: false
            effectiveMinimum: 0
            effectiveMaximum: 10
            minimumNeighbour: ""
            maximumNeighbour: ""
        }
    }

    function test_format_data() {
        return [
            { tag: "seconds, two decimals", unit: "s", step: 0.05, value: 0.25, expected: "0.25 s" },
            { tag: "rate, whole numbers", unit: "tokens/s", step: 1, value: 200, expected: "200 tokens/s" },
            { tag: "rate, one decimal", unit: "tokens/s", step: 0.5, value: 15, expected: "15.0 tokens/s" },
            { tag: "no unit", unit: "", step: 0.01, value: 2.2, expected: "2.20" },
            // A value with more decimals than the step keeps them, up to three.
            { tag: "typed to the thousandth", unit: "s", step: 0.5, value: 12.345,
              expected: "12.345 s" },
            { tag: "more than three decimals", unit: "", step: 0.01, value: 0.123456,
              expected: "0.123" },
        ]
    }

    function test_format(data) {
        const row = createTemporaryObject(rowComponent, test, { unit: data.unit, step: data.step })
        verify(row)
        compare(row.format(data.value), data.expected)
    }

    function test_label_data() {
        return [
            { tag: "drops the seconds unit", key: "completion_ewma_tau_s", expected: "completion ewma tau" },
            { tag: "drops the rate unit", key: "burst_accent_tps", expected: "burst accent" },
            { tag: "keeps plain names", key: "gamma", expected: "gamma" },
        ]
    }

    function test_label(data) {
        const row = createTemporaryObject(rowComponent, test)
        compare(row.label(data.key), data.expected)
    }

    // A value is sent once, on release, and only when it changed.
    function test_changed_on_release() {
        const row = createTemporaryObject(rowComponent, test, { width: 300 })
        const spy = createTemporaryObject(signalSpy, test, { target: row, signalName: "changed" })
        const slider = findChild(row, "slider")
        verify(slider)
        tryVerify(() => slider.width > 100)
        mousePress(slider, slider.width * 0.5, slider.height / 2)
        mouseRelease(slider, slider.width * 0.5, slider.height / 2)
        compare(spy.count, 1)
        fuzzyCompare(spy.signalArguments[0][0], 5.0, 0.3)
        // Not so soon that the two clicks make a double-click (which resets to the default).
        wait(Qt.styleHints.mouseDoubleClickInterval + 50)
        mousePress(slider, slider.width * 0.5, slider.height / 2)
        mouseRelease(slider, slider.width * 0.5, slider.height / 2)
        compare(spy.count, 2)
    }

    Component {
        id: signalSpy
        SignalSpy {}
    }
}

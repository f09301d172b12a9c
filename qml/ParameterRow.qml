import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One engine parameter: its name, a slider bounded by the allowed range, and the value with
// its unit. Values outside the range cannot be entered; the change is sent on release.
ColumnLayout {
    id: row

    required property string key
    required property string unit
    required property real minimum
    required property real maximum
    required property real value
    required property string description
    required property real step

    signal changed(real value)

    // "0.25 s", "200 tokens/s", "2.2": as many decimals as the step needs.
    function format(v) {
        const decimals = row.step >= 1 ? 0 : (row.step >= 0.1 ? 1 : 2)
        return Number(v).toFixed(decimals) + (row.unit === "" ? "" : " " + row.unit)
    }

    function label(key) {
        return key.replace(/_(s|tps)$/, "").replace(/_/g, " ")
    }

    spacing: 0

    RowLayout {
        Layout.fillWidth: true
        Label {
            Layout.fillWidth: true
            text: row.label(row.key)
            elide: Text.ElideRight
            ToolTip.visible: hover.hovered
            ToolTip.text: row.description
            HoverHandler { id: hover }
        }
        Label {
            text: row.format(slider.value)
            font.family: "monospace"
            color: "#c8cfdd"
        }
    }
    Slider {
        id: slider
        Layout.fillWidth: true
        from: row.minimum
        to: row.maximum
        stepSize: row.step
        value: row.value
        objectName: "slider"
        onPressedChanged: if (!pressed) slider.send()
        Keys.onReleased: slider.send()
        // Sends a changed value, then shows the applied one again: the engine may refuse it (a
        // threshold past its neighbour), and moving the slider replaced the binding.
        function send() {
            if (value !== row.value)
                row.changed(value)
            value = Qt.binding(() => row.value)
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One engine parameter: its name, a slider bounded by the allowed range, and the value with
// its unit, which can be typed. The change is sent on release (or Enter); what is shown after
// is what the engine applied, which may differ (a threshold past its neighbour is refused).
// Double-click the slider for the default; hold Shift while dragging for a tenth of the speed.
// Rates sit on a logarithmic slider, so the slow ones get most of its length.
ColumnLayout {
    id: row
    objectName: "parameter-" + key

    required property string key
    required property string unit
    required property real minimum
    required property real maximum
    required property real value
    required property string description
    required property real step
    required property real defaultValue
    required property bool logarithmic
    // What the engine accepts now (ParameterModel): a threshold lies between its neighbours,
    // named by key; an empty key: the bound is the parameter's own.
    required property real effectiveMinimum
    required property real effectiveMaximum
    required property string minimumNeighbour
    required property string maximumNeighbour

    signal changed(real value)

    // Shift held while dragging: the slider moves this much of the pointer's way.
    readonly property real fineDragFactor: 0.1

    // A typed value is taken to this many decimals, and shown with them.
    readonly property int maximumDecimals: 3

    // "0.25 s", "200 tokens/s", "2.20": as many decimals as the step needs, more where the
    // value has them (12.345 typed shows as 12.345, not 12.3), up to maximumDecimals.
    function decimals(v) {
        const least = row.step >= 1 ? 0 : (row.step >= 0.1 ? 1 : 2)
        for (let d = least; d < row.maximumDecimals; ++d) {
            if (Math.abs(Number(Number(v).toFixed(d)) - v) < 1e-9)
                return d
        }
        return row.maximumDecimals
    }
    function format(v) {
        return Number(v).toFixed(decimals(v)) + (row.unit === "" ? "" : " " + row.unit)
    }
    function rounded(v) {
        return Number(Number(v).toFixed(row.maximumDecimals))
    }

    readonly property bool hasNeighbours: minimumNeighbour !== "" || maximumNeighbour !== ""

    // The range the engine takes now, in words: "from 1.00 to 4.00"; a bound a neighbour sets
    // is named and is not itself allowed: "above 0.5 tokens/s (active threshold), below
    // 80.0 tokens/s (heartbeat threshold)".
    function range() {
        if (!row.hasNeighbours)
            return qsTr("from %1 to %2").arg(row.format(row.effectiveMinimum))
                                        .arg(row.format(row.effectiveMaximum))
        const low = row.minimumNeighbour === ""
            ? qsTr("from %1").arg(row.format(row.effectiveMinimum))
            : qsTr("above %1 (%2)").arg(row.format(row.effectiveMinimum))
                                   .arg(row.label(row.minimumNeighbour))
        const high = row.maximumNeighbour === ""
            ? qsTr("up to %1").arg(row.format(row.effectiveMaximum))
            : qsTr("below %1 (%2)").arg(row.format(row.effectiveMaximum))
                                   .arg(row.label(row.maximumNeighbour))
        return qsTr("%1, %2").arg(low).arg(high)
    }

    function label(key) {
        return key.replace(/_(s|tps)$/, "").replace(/_/g, " ")
    }

    // Between the parameter's value and the slider's position (its own value).
    function toSlider(v) {
        if (!row.logarithmic)
            return v
        return Math.log1p(Math.max(0, v - row.minimum)) / Math.log1p(row.maximum - row.minimum)
    }
    function fromSlider(p) {
        const v = row.logarithmic
            ? row.minimum + Math.expm1(p * Math.log1p(row.maximum - row.minimum)) : p
        const snapped = row.minimum + Math.round((v - row.minimum) / row.step) * row.step
        return Math.min(row.maximum, Math.max(row.minimum, snapped))
    }

    function send(v) {
        if (v !== row.value)
            row.changed(v)
        // Moving the slider or typing replaced the bindings: show the applied value again.
        slider.value = Qt.binding(() => row.toSlider(row.value))
        valueField.text = Qt.binding(() => row.format(row.value))
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
        TextField {
            id: valueField
            objectName: "valueField"
            text: row.format(row.value)
            font.family: "monospace"
            color: "#c8cfdd"
            horizontalAlignment: TextInput.AlignRight
            selectByMouse: true
            padding: 2
            implicitWidth: Math.max(70, contentWidth + 8)
            background: Rectangle {
                color: valueField.activeFocus ? "#1a1d25" : "transparent"
                border.color: valueField.activeFocus ? "#ff6048"
                                                     : (valueField.hovered ? "#3c4250" : "transparent")
                radius: 2
            }
            ToolTip.visible: hovered && !activeFocus
            ToolTip.delay: 600
            ToolTip.text: qsTr("Type a value %1").arg(row.range())
            onActiveFocusChanged: if (activeFocus) selectAll()
            // The unit may be typed or left out; a number outside the range is brought to it.
            onAccepted: {
                const typed = parseFloat(text.replace(",", "."))
                focus = false
                row.send(isNaN(typed) ? row.value
                                      : Math.min(row.maximum, Math.max(row.minimum, row.rounded(typed))))
            }
            onEditingFinished: if (!activeFocus) row.send(row.value)
        }
    }
    Slider {
        id: slider
        objectName: "slider"
        Layout.fillWidth: true
        from: row.logarithmic ? 0 : row.minimum
        to: row.logarithmic ? 1 : row.maximum
        stepSize: row.logarithmic ? 0 : row.step
        value: row.toSlider(row.value)
        // The value the slider stands at, in the parameter's unit.
        readonly property real parameterValue: row.fromSlider(value)
        property bool fine: false
        // A second release within the double-click interval resets: the slider keeps the
        // pointer to itself, so a TapHandler beside it never sees the double tap.
        property double lastRelease: 0
        property real lastReleaseX: -1
        property real fineAnchor: 0
        onPressedChanged: {
            fineAnchor = value
            if (pressed)
                return
            fine = false
            const now = Date.now()
            const x = handle.x
            if (now - lastRelease < Qt.styleHints.mouseDoubleClickInterval
                    && Math.abs(x - lastReleaseX) <= Qt.styleHints.startDragDistance) {
                lastRelease = 0
                row.send(row.defaultValue)
            } else {
                lastRelease = now
                lastReleaseX = x
                row.send(parameterValue)
            }
        }
        onMoved: if (fine && pressed) value = fineAnchor + (value - fineAnchor) * row.fineDragFactor
        Keys.onPressed: (event) => {
            if (event.key === Qt.Key_Shift) {
                fine = true
                fineAnchor = value
            }
        }
        Keys.onReleased: (event) => {
            if (event.key === Qt.Key_Shift)
                fine = false
            else
                row.send(parameterValue)
        }
        // Shift held as the drag starts; the Keys handlers catch it pressed during one.
        TapHandler {
            acceptedModifiers: Qt.ShiftModifier
            onPressedChanged: if (pressed) slider.fine = true
        }
        ToolTip.visible: pressed
        // A threshold also says where its neighbours stop it.
        ToolTip.text: row.format(parameterValue)
                      + (row.hasNeighbours ? "\n" + qsTr("taken %1").arg(row.range()) : "")
    }
}

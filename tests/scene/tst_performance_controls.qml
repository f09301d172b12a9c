import QtQuick
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// The performance strip as a performer uses it: the master slider and the preset buttons show
// what is applied, whoever changed it (defects: the master stayed at 1.0 after a change
// elsewhere; presets stayed disabled after one was stored).
TestCase {
    id: test
    name: "PerformanceControls"
    when: windowShown
    width: 1200
    height: 100
    visible: true

    Component {
        id: stripComponent
        PerformanceControls { width: 1200 }
    }

    function control(key) {
        return StudioEngine.controls.control(key)
    }

    function cleanup() {
        control("master_brightness").value = 1
    }

    function test_masterFollowsTheEngine() {
        const strip = createTemporaryObject(stripComponent, test)
        const master = findChild(strip, "master")
        verify(master)
        compare(master.value, 1)
        control("master_brightness").value = 0.3
        compare(master.value, 0.3)
    }

    function test_draggedMasterSetsTheControlAndStillFollows() {
        const strip = createTemporaryObject(stripComponent, test)
        const master = findChild(strip, "master")
        tryVerify(() => master.width > 100)
        mouseClick(master, master.width * 0.25, master.height / 2)
        tryVerify(() => control("master_brightness").value < 0.4)
        const dragged = control("master_brightness").value
        verify(dragged > 0.1, "dragged to " + dragged)
        compare(master.value, dragged)
        // After the user moved it, a change from elsewhere still reaches the slider.
        control("master_brightness").value = 0.8
        compare(master.value, 0.8)
    }

    function test_storedPresetEnablesItsButton() {
        const strip = createTemporaryObject(stripComponent, test)
        const button = findChild(strip, "preset7")
        verify(button)
        verify(!button.enabled)
        control("master_brightness").value = 0.4
        StudioEngine.controls.storePreset(7)
        verify(button.enabled)
        control("master_brightness").value = 0.9
        mouseClick(button)
        compare(control("master_brightness").value, 0.4)
        compare(findChild(strip, "master").value, 0.4)
    }

    // Blackout set anywhere (the B key, OSC, MIDI) shows on its button in words and colour
    // (defect: the button looked the same on and off).
    function test_blackoutButtonShowsTheState() {
        const strip = createTemporaryObject(stripComponent, test)
        const button = findChild(strip, "blackoutButton")
        verify(button)
        StudioEngine.blackout = true
        tryVerify(() => button.checked && button.highlighted)
        verify(button.text.indexOf("ON") >= 0, button.text)
        mouseClick(button)
        tryVerify(() => !StudioEngine.blackout)
        verify(!button.highlighted)
    }
}

import QtQuick
import QtQuick.Layouts
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// The defect: a rig changed while the Rig tab was hidden (a telemetry source switching the
// skull, Ctrl+Z on another tab) crashed the studio (segfault) as the tab's lobe rows were
// destroyed: on Qt 6.4 a row whose root is a layout, with layouts inside it, calls into the
// half-destroyed root. The Rig panel hidden as the side panel hides it (a StackLayout showing
// another tab) and in a hidden item, its rows made and destroyed many times. No View3D here.
TestCase {
    id: test
    name: "RigPanelHidden"
    when: windowShown
    width: 400
    height: 600
    visible: true

    StackLayout {
        anchors.fill: parent
        currentIndex: 0
        Item {}
        RigPanel { objectName: "tabbedRigPanel" }
    }
    Item {
        visible: false
        width: 360
        height: 600
        RigPanel {
            objectName: "hiddenRigPanel"
            width: 360
            height: 600
        }
    }

    function test_rigChangesWhileThePanelIsHidden() {
        for (let i = 0; i < 40; ++i) {
            if (i % 2 === 0)
                StudioEngine.useTelemetryRig()
            else
                StudioEngine.resetRig()
            wait(i % 5 * 4)
        }
        StudioEngine.resetRig()
        compare(StudioEngine.lobes[0].name, "frontal")
        verify(findChild(test, "lobeEffect0"), "the rows are there")
    }
}

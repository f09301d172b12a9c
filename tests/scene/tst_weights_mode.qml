import QtQuick
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// Weights mode as a person opens it: the transport bar's Weights button switches the studio
// window between the skull and the weights page, and back. (The V key is the same switch; a key
// reaches a window only once it holds the keyboard, which this harness cannot give it without a
// window manager.)
TestCase {
    id: test
    name: "WeightsMode"
    when: windowShown
    width: 100
    height: 100
    visible: true

    Component {
        id: studioComponent
        Main { width: 1280; height: 720 }
    }

    function openStudio() {
        const studio = createTemporaryObject(studioComponent, test)
        verify(studio)
        tryVerify(() => studio.visible && studio.contentItem.width > 0)
        return studio
    }

    function test_weightsButtonSwitchesAndShowsItIsOn() {
        const studio = openStudio()
        const page = findChild(studio.contentItem, "weightsPage")
        const button = findChild(studio.contentItem, "weightsButton")
        verify(button)
        tryVerify(() => button.width > 0 && button.visible)
        verify(!button.checked)
        // The bar shows the buttons it has room for once it has its width; a frame later they
        // are where the row puts them.
        waitForRendering(studio.contentItem)
        mouseClick(button)
        tryVerify(() => page.visible)
        verify(button.checked)
        mouseClick(button)
        tryVerify(() => !page.visible)
        verify(!button.checked)
        verify(!studio.weightsView)
    }
}

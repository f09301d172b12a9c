import QtQuick
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// Saving as a person does it, through the Tune panel's Save… (defects: Qt 6.4's dialog said
// "Open", wrote nothing for a typed new name, and replaced a file without asking).
TestCase {
    id: test
    name: "SaveDialog"
    when: windowShown
    width: 600
    height: 700
    visible: true

    Component {
        id: panelComponent
        TuningPanel {
            width: 600
            height: 700
            parameters: ParameterModel { engine: StudioEngine }
        }
    }

    function master() {
        return StudioEngine.controls.control("master_brightness")
    }

    function cleanup() {
        master().value = 1
    }

    function saveAs(panel, name) {
        const button = findChild(panel, "savePreset")
        verify(button, "the Save… button")
        tryVerify(() => button.width > 0 && button.visible)
        mouseClick(button)
        const dialog = findChild(panel, "saveDialog")
        verify(dialog, "the save dialog")
        tryVerify(() => dialog.opened)
        const field = findChild(dialog.contentItem, "name")
        field.text = ""
        field.forceActiveFocus()
        for (const c of name)
            keyClick(c)
        mouseClick(findChild(dialog.contentItem, "save"))
        return dialog
    }

    function test_newNameIsWrittenAndAnExistingOneReplacedAfterAsking() {
        const panel = createTemporaryObject(panelComponent, test)
        const name = "preset-" + Date.now()
        const file = FilePaths.fileIn(FilePaths.workingFolder(), name, ".json")
        verify(!FilePaths.exists(file))

        master().value = 0.3
        let dialog = saveAs(panel, name)  // no suffix typed: .json is added
        tryVerify(() => !dialog.opened)
        verify(FilePaths.exists(file), file)

        // The same name again: asked first; Cancel keeps the file as it was.
        master().value = 0.6
        dialog = saveAs(panel, name + ".json")
        const replace = findChild(dialog, "replace")
        verify(replace)
        tryVerify(() => replace.opened)
        replace.reject()
        verify(dialog.opened)  // still there, to change the name
        dialog.close()
        tryVerify(() => !dialog.visible)
        master().value = 0.9
        verify(panel.parameters.loadPreset(file))
        compare(master().value, 0.3)

        // And Replace writes it.
        master().value = 0.6
        dialog = saveAs(panel, name + ".json")
        tryVerify(() => replace.opened)
        mouseClick(findChild(replace.footer, "replaceButton"))
        tryVerify(() => !dialog.opened)
        master().value = 0.9
        verify(panel.parameters.loadPreset(file))
        compare(master().value, 0.6)
    }
}

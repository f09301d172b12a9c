import QtQuick
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// Named quick presets as a person uses them in the Tune panel: pick a slot, Store, type a
// name, see what it holds, Recall, Clear; export the bank and import it back; the performance
// strip shows the names.
TestCase {
    id: test
    name: "PresetBank"
    when: windowShown
    width: 420
    height: 600
    visible: true

    ParameterModel { id: parameterModel; engine: StudioEngine }

    Component {
        id: panelComponent
        PresetBankPanel { width: 400; parameters: parameterModel }
    }
    Component {
        id: stripComponent
        PerformanceControls { width: 1400 }
    }

    function control(key) {
        return StudioEngine.controls.control(key)
    }

    function cleanup() {
        for (let slot = 1; slot <= 9; ++slot)
            StudioEngine.controls.presets.clear(slot)
        control("gamma").value = 2.2
        control("master_brightness").value = 1
    }

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    function test_storeNameRecallClear() {
        const panel = createTemporaryObject(panelComponent, test)
        mouseClick(findChild(panel, "presetSlot4"))
        compare(panel.slot, 4)
        const summary = findChild(panel, "presetSummary4")
        verify(summary.visible)
        verify(summary.text.indexOf("Empty") === 0, summary.text)
        const recall = findChild(panel, "presetRecall4")
        verify(!recall.enabled)

        control("gamma").value = 2.8
        mouseClick(findChild(panel, "presetStore4"))
        tryVerify(() => recall.enabled)
        compare(summary.text, "Holds: gamma 2.8")
        verify(findChild(panel, "presetSlot4").highlighted)

        // A typed name is taken when typing ends, and the slot shows it.
        const field = findChild(panel, "presetName4")
        mouseClick(field)
        typeText("warm")
        keyClick(Qt.Key_Tab)
        tryCompare(findChild(panel, "presetSlot4"), "text", "warm")

        control("gamma").value = 2.2
        mouseClick(recall)
        compare(control("gamma").value, 2.8)

        mouseClick(findChild(panel, "presetClear4"))
        tryVerify(() => !recall.enabled)
        compare(findChild(panel, "presetSlot4").text, "4")
    }

    function test_performanceStripShowsTheNames() {
        control("master_brightness").value = 0.3
        StudioEngine.controls.storePreset(2)
        StudioEngine.controls.presets.rename(2, "hush")
        const strip = createTemporaryObject(stripComponent, test)
        const button = findChild(strip, "preset2")
        compare(button.text, "hush")
        verify(button.enabled)
        verify(button.details.indexOf("master_brightness 0.3") > 0, button.details)
        compare(findChild(strip, "preset3").text, "3")
        control("master_brightness").value = 1
        mouseClick(button)
        compare(control("master_brightness").value, 0.3)
    }

    // Export writes the named bank; after the slots are cleared, Import brings them back.
    function test_exportThenImport() {
        const panel = createTemporaryObject(panelComponent, test)
        control("gamma").value = 3.1
        StudioEngine.controls.storePreset(9)
        StudioEngine.controls.presets.rename(9, "finale")
        const exportDialog = findChild(panel, "presetExportDialog")
        mouseClick(findChild(panel, "presetExport"))
        tryVerify(() => exportDialog.opened)
        const file = FilePaths.fileIn(exportDialog.folder, "tst-preset-bank", ".json")
        exportDialog.close()
        verify(StudioEngine.controls.presets.exportTo(file))
        verify(FilePaths.exists(file))

        StudioEngine.controls.presets.clear(9)
        compare(findChild(panel, "presetSlot9").text, "9")
        verify(StudioEngine.controls.presets.importFrom(file))
        tryCompare(findChild(panel, "presetSlot9"), "text", "finale")
        mouseClick(findChild(panel, "presetSlot9"))
        compare(findChild(panel, "presetSummary9").text, "Holds: gamma 3.1")
    }

    function test_importDialogOpensFromItsButton() {
        const panel = createTemporaryObject(panelComponent, test)
        const dialog = findChild(panel, "presetImportDialog")
        verify(dialog)
        mouseClick(findChild(panel, "presetImport"))
        tryVerify(() => dialog.visible)
        dialog.reject()
        tryVerify(() => !dialog.visible)
    }
}

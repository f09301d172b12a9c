import QtQuick
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// The studio window as a person uses it. Every dialog, opened as a person opens it (its button,
// or its key) and closed again; the ones that load a file load it (defect: Qt's non-native
// file dialog needs Qt.labs.folderlistmodel, and without its package every one of these crashed
// the studio). The keys. The camera buttons: each standard view shows the skull from where it
// says (the LED nearest the camera is of the lobe that faces it), the shown view is checked,
// orbiting clears it, and a kept view comes back. One window for all: Qt 6.4's Quick 3D can
// crash when a View3D is destroyed and another made in the same run.
TestCase {
    id: test
    name: "MainWindow"
    when: windowShown

    Component {
        id: mainComponent
        Main {
            width: 1280
            height: 800
        }
    }

    property var window: null

    function initTestCase() {
        // One window for every row (a temporary object would go after the first function).
        window = mainComponent.createObject(test)
        verify(window, "the studio window")
        tryVerify(() => window.visible)
        // The key rows need the studio window to have the keyboard, not the test's own.
        window.requestActivate()
        tryVerify(() => window.active, 5000, "the studio window active")
    }

    function cleanupTestCase() {
        // Hidden, not destroyed: Qt 6.4's Quick 3D can corrupt the heap when a window with a
        // View3D is destroyed while the test run goes on.
        window.visible = false
        StudioEngine.resetRig()
    }

    // A row that failed leaves no dialog open over the next one, and the window as it was.
    function cleanup() {
        const menu = findChild(window, "moreMenu")
        if (menu && menu.visible)
            menu.close()
        if (window.width !== 1280 || window.height !== 800) {
            window.width = 1280
            window.height = 800
            tryVerify(() => window.contentItem.width === 1280 && window.contentItem.height === 800)
        }
        for (const name of ["openDialog", "saveDialog", "presetLoadDialog", "rigSaveDialog",
                            "rigLoadDialog", "meshDialog", "colorDialog", "brainscanSaveDialog",
                            "weightsSaveDialog", "timeLapseDialog", "keyOverlay"]) {
            const dialog = findChild(window, name)
            if (dialog && dialog.visible) {
                dialog.close()
                tryVerify(() => !dialog.visible, 3000, name + " closed")
            }
        }
    }

    function find(name) {
        const found = findChild(window.contentItem, name) || findChild(window, name)
        verify(found, name)
        return found
    }

    // tab: the side panel tab the button is on (-1: none); button: "" when the dialog only
    // opens with data to save (brainscan, weights), so it is opened directly.
    function test_dialogOpensAndCloses_data() {
        return [
            { tag: "Open a recording", tab: -1, button: "openButton", dialog: "openDialog" },
            { tag: "Save parameters", tab: 0, button: "savePreset", dialog: "saveDialog" },
            { tag: "Load parameters", tab: 0, button: "loadPreset", dialog: "presetLoadDialog" },
            { tag: "Export quick presets", tab: 0, button: "presetExport", dialog: "presetExportDialog" },
            { tag: "Import quick presets", tab: 0, button: "presetImport", dialog: "presetImportDialog" },
            { tag: "Save the rig", tab: 2, button: "saveRig", dialog: "rigSaveDialog" },
            { tag: "Load a rig", tab: 2, button: "loadRig", dialog: "rigLoadDialog" },
            { tag: "A skull mesh", tab: 2, button: "meshButton", dialog: "meshDialog" },
            { tag: "Lobe colour", tab: 2, button: "lobeColour0", dialog: "colorDialog" },
            { tag: "Save the brainscan", tab: 4, button: "", dialog: "brainscanSaveDialog" },
            { tag: "Save the weights image", tab: -1, button: "", dialog: "weightsSaveDialog" },
            { tag: "Time-lapse folder", tab: -1, button: "", dialog: "timeLapseDialog" }
        ]
    }

    function test_dialogOpensAndCloses(data) {
        if (data.tab >= 0)
            window.sideTab = data.tab
        const dialog = find(data.dialog)
        if (data.button !== "") {
            const button = find(data.button)
            tryVerify(() => button.visible && button.width > 0, 2000, data.button + " shown")
            mouseClick(button)
        } else {
            dialog.open()
        }
        tryVerify(() => dialog.visible, 3000, data.dialog + " opened")
        dialog.close()
        tryVerify(() => !dialog.visible, 3000, data.dialog + " closed")
        verify(window.visible)
    }

    // The save dialog's own folder chooser, a dialog in a dialog.
    function test_saveDialogChoosesAFolder() {
        window.sideTab = 0
        const save = find("saveDialog")
        const button = find("savePreset")
        tryVerify(() => button.visible && button.width > 0)
        mouseClick(button)
        tryVerify(() => save.opened, 3000, "the save dialog")
        const folder = findChild(save, "folderDialog")
        verify(folder)
        mouseClick(findChild(save.contentItem, "chooseFolder"))
        tryVerify(() => folder.visible, 3000)
        folder.close()
        tryVerify(() => !folder.visible)
        save.close()
        tryVerify(() => !save.visible)
    }

    // The shown item named `name` under `item` (the dialogs' own items live in the window's
    // overlay, each kept after it closes); null when none.
    function shownChild(item, name) {
        for (let i = 0; i < item.children.length; ++i) {
            const child = item.children[i]
            if (!child.visible)
                continue
            if (child.objectName === name)
                return child
            const found = shownChild(child, name)
            if (found)
                return found
        }
        return null
    }

    // A file picked in a load dialog, as a person picks it (its folder, then a double-click on
    // its name), is loaded: a recording, a rig, parameters.
    function test_pickedFileIsLoaded_data() {
        return [
            { tag: "recording", tab: -1, dialog: "openDialog",
              file: Qt.resolvedUrl("../../recordings/burst-heavy.jsonl"),
              check: () => StudioEngine.sourceName.indexOf("burst-heavy") >= 0 },
            { tag: "rig", tab: 2, dialog: "rigLoadDialog",
              file: Qt.resolvedUrl("fixtures/two-lobe-rig.json"),
              check: () => StudioEngine.lobes.length === 2 },
            { tag: "parameters", tab: 0, dialog: "presetLoadDialog",
              file: Qt.resolvedUrl("fixtures/gamma-3-preset.json"),
              check: () => StudioEngine.controls.control("gamma").value === 3 }
        ]
    }

    function test_pickedFileIsLoaded(data) {
        if (data.tab >= 0)
            window.sideTab = data.tab
        const dialog = find(data.dialog)
        const path = String(data.file)
        const name = path.substring(path.lastIndexOf("/") + 1)
        dialog.currentFolder = path.substring(0, path.lastIndexOf("/"))
        dialog.open()
        tryVerify(() => dialog.visible, 3000)
        let list = null
        let root = window.contentItem
        while (root.parent)
            root = root.parent
        tryVerify(() => (list = shownChild(root, "fileDialogListView")) !== null,
                  3000, "the dialog's file list")
        let entry = null
        tryVerify(() => {
            for (let i = 0; i < list.count; ++i) {
                const item = list.itemAtIndex(i)
                if (item && item.fileName === name)
                    return (entry = item) !== null
            }
            return false
        }, 3000, name + " listed in " + dialog.currentFolder)
        list.positionViewAtIndex(entry.index, ListView.Contain)
        mouseDoubleClickSequence(entry)
        tryVerify(() => !dialog.visible, 3000, "the dialog closed")
        tryVerify(data.check, 3000, data.tag + " loaded from " + path)
        compare(StudioEngine.errorText, "")
    }

    // Ctrl+S brings the Rig tab up with its save dialog; ? lists the keys.
    function test_keysOpenTheirDialogs_data() {
        return [
            { tag: "Ctrl+S saves the rig", key: Qt.Key_S, modifiers: Qt.ControlModifier,
              dialog: "rigSaveDialog", tab: 2 },
            { tag: "Ctrl+O opens a recording", key: Qt.Key_O, modifiers: Qt.ControlModifier,
              dialog: "openDialog" },
            { tag: "F1 lists the keys", key: Qt.Key_F1, modifiers: Qt.NoModifier,
              dialog: "keyOverlay" }
        ]
    }

    function test_keysOpenTheirDialogs(data) {
        window.sideTab = 0
        window.requestActivate()
        tryVerify(() => window.active, 3000, "the studio window has the keyboard")
        window.contentItem.forceActiveFocus()
        const dialog = find(data.dialog)
        keyClick(data.key, data.modifiers)
        tryVerify(() => dialog.visible, 3000, data.tag)
        if (data.tab !== undefined)
            compare(window.sideTab, data.tab, "the tab the dialog belongs to is shown")
        dialog.close()
        tryVerify(() => !dialog.visible)
    }

    // Arrows seek and step, Home and End go to the ends; not while a text field has the keys.
    function test_keysMoveTheTransport_data() {
        return [
            { tag: "Right: on 5 s", key: Qt.Key_Right, modifiers: Qt.NoModifier, to: 15 },
            { tag: "Left: back 5 s", key: Qt.Key_Left, modifiers: Qt.NoModifier, to: 5 },
            { tag: "Shift+Right: one frame", key: Qt.Key_Right, modifiers: Qt.ShiftModifier,
              to: 10.01 },
            { tag: "Home: the start", key: Qt.Key_Home, modifiers: Qt.NoModifier, to: 0 },
            { tag: "End: the end", key: Qt.Key_End, modifiers: Qt.NoModifier, to: -1 }
        ]
    }

    // A 16.7 s recording, paused at 10 s.
    function pauseAtTen() {
        if (StudioEngine.sourceName.indexOf("burst-heavy") < 0) {
            verify(StudioEngine.openRecording(Qt.resolvedUrl("../../recordings/burst-heavy.jsonl")))
            tryVerify(() => StudioEngine.duration > 16)
            wait(200)
        }
        StudioEngine.playing = false
        StudioEngine.seek(10)
        tryVerify(() => Math.abs(StudioEngine.position - 10) < 1e-6)
    }

    function test_keysMoveTheTransport(data) {
        pauseAtTen()
        window.requestActivate()
        tryVerify(() => window.active, 3000)
        window.contentItem.forceActiveFocus()
        keyClick(data.key, data.modifiers)
        const to = data.to < 0 ? StudioEngine.duration : data.to
        tryVerify(() => Math.abs(StudioEngine.position - to) < 1e-6, 2000,
                  "at " + StudioEngine.position + ", expected " + to)
    }

    function test_arrowsStayWithAFocusedField() {
        window.sideTab = 1
        pauseAtTen()
        window.requestActivate()
        tryVerify(() => window.active, 3000)
        const endpoint = find("endpoint")
        tryVerify(() => endpoint.visible && endpoint.width > 0)
        mouseClick(endpoint.contentItem)
        tryVerify(() => window.activeFocusItem && "cursorPosition" in window.activeFocusItem,
                  2000, "the endpoint field has the keys")
        keyClick(Qt.Key_Left)
        keyClick(Qt.Key_Home)
        wait(50)
        compare(StudioEngine.position, 10)
    }

    // The key list leaves every key working while it is open (defect: it was modal, and
    // Escape, Space, B and Ctrl+Q did nothing until a click outside it); Escape closes it.
    function test_keysWorkWhileTheKeyListIsOpen() {
        const overlay = find("keyOverlay")
        window.requestActivate()
        tryVerify(() => window.active, 3000)
        window.contentItem.forceActiveFocus()
        keyClick(Qt.Key_F1)
        tryVerify(() => overlay.opened, 3000, "F1 opened the list")
        const blackout = StudioEngine.blackout
        keyClick(Qt.Key_B)
        tryVerify(() => StudioEngine.blackout !== blackout, 2000, "B while the list is open")
        keyClick(Qt.Key_B)
        tryVerify(() => StudioEngine.blackout === blackout)
        keyClick(Qt.Key_Escape)
        tryVerify(() => !overlay.visible, 3000, "Escape closed the list")
        keyClick(Qt.Key_F1)
        tryVerify(() => overlay.opened, 3000)
        keyClick(Qt.Key_F1)
        tryVerify(() => !overlay.visible, 3000, "F1 again closed it")
    }

    // The key list shows every binding the shortcuts are made from.
    function test_keyListShowsEveryBinding() {
        const overlay = find("keyOverlay")
        overlay.open()
        tryVerify(() => overlay.opened)
        const list = findChild(overlay.contentItem, "keyList")
        verify(list)
        // A key label and its description per binding.
        let labels = 0
        for (let i = 0; i < list.children.length; ++i)
            labels += list.children[i].text !== undefined ? 1 : 0
        compare(labels, 2 * window.keyBindings.length)
        verify(window.keyBindings.some(b => b.keys.indexOf("Ctrl+Q") >= 0))
        overlay.close()
        tryVerify(() => !overlay.visible)
    }

    function skullView() {
        return find("skullView")
    }

    // The lobe of the LED drawn nearest to the camera.
    function nearestLobe(view) {
        const leds = StudioEngine.leds
        const lobes = StudioEngine.lobes
        let best = -1
        let bestDistance = 1e9
        for (let i = 0; i < leds.length; ++i) {
            const d = view.camera.scenePosition.minus(Qt.vector3d(leds[i].x, leds[i].y, leds[i].z)).length()
            if (d < bestDistance) {
                bestDistance = d
                best = leds[i].lobe
            }
        }
        return lobes[best].name
    }

    function test_cameraViewShowsTheSkullFromThere_data() {
        return [
            // leftLobeOnScreen: where temporal_left (the skull's own left) is drawn, -1 the
            // screen's left, 1 its right, 0 not asked.
            { tag: "front: the forehead", button: "view-front", lobe: "frontal",
              leftLobeOnScreen: 1 },
            { tag: "side: the skull's own left", button: "view-side", lobe: "temporal_left",
              leftLobeOnScreen: 0 },
            // Seen from above with the face up the screen, as a plan is drawn.
            { tag: "top: the crown", button: "view-top", lobe: "parietal",
              leftLobeOnScreen: -1 }
        ]
    }

    function test_cameraViewShowsTheSkullFromThere(data) {
        StudioEngine.resetRig()
        const view = skullView()
        const button = findChild(view, data.button)
        verify(button)
        tryVerify(() => button.visible && button.width > 0)
        mouseClick(button)
        verify(button.checked, "the view shown is checked")
        compare(nearestLobe(view), data.lobe)
        const lobes = StudioEngine.lobes
        const at = (name) => {
            const lobe = lobes.find(l => l.name === name)
            return view.mapFrom3DScene(Qt.vector3d(lobe.x, lobe.y, lobe.z))
        }
        if (data.leftLobeOnScreen !== 0) {
            const side = at("temporal_left").x - view.width / 2
            verify(side * data.leftLobeOnScreen > 50, "temporal_left drawn at " + side)
        }
        if (data.tag.startsWith("top"))
            verify(at("frontal").y < at("occipital").y, "the face up the screen")
    }

    function test_orbitingClearsTheViewAndAKeptViewComesBack() {
        const view = skullView()
        view.keptView = []
        view.resetCamera()
        const side = findChild(view, "view-side")
        const kept = findChild(view, "view-kept")
        tryVerify(() => side.visible && side.width > 0)
        verify(!kept.enabled, "nothing kept yet")
        mouseClick(side)
        verify(side.checked)
        // Orbit by dragging across the view (the controller turns the camera on each frame
        // while the button is held): no preset is shown any more.
        mousePress(view, 300, 300)
        for (let step = 1; step <= 12; ++step) {
            mouseMove(view, 300 + 10 * step, 300 + 3 * step, -1, Qt.LeftButton)
            wait(30)
        }
        mouseRelease(view, 420, 336)
        tryVerify(() => view.cameraPreset === "")
        wait(100)  // the controller's last frame
        verify(!side.checked)
        // A copy: a vector3d property read in JS stays bound to the property.
        const p = view.camera.scenePosition
        const orbited = Qt.vector3d(p.x, p.y, p.z)
        mouseClick(findChild(view, "keepView"))
        verify(kept.enabled)
        mouseClick(findChild(view, "view-front"))
        verify(view.camera.scenePosition.minus(orbited).length() > 10)
        mouseClick(kept)
        verify(kept.checked)
        verify(view.camera.scenePosition.minus(orbited).length() < 0.01,
               "back at the kept view")
    }

    // Look…: the sliders set the view's light, Defaults brings it back.
    function test_lookSlidersSetTheLightOnScreen() {
        const view = skullView()
        const button = find("lookButton")
        tryVerify(() => button.visible && button.width > 0)
        mouseClick(button)
        const popup = find("lookPopup")
        tryVerify(() => popup.opened)
        const glow = findChild(popup.contentItem, "look-glow")
        verify(glow)
        const before = view.glow
        mouseClick(glow, glow.width * 0.9, glow.height / 2)
        verify(view.glow > before + 0.5, "glow " + view.glow)
        const exposure = findChild(popup.contentItem, "look-exposure")
        mouseClick(exposure, exposure.width * 0.1, exposure.height / 2)
        verify(view.exposure < -1.5, "exposure " + view.exposure)
        mouseClick(findChild(popup.contentItem, "lookDefaults"))
        compare(view.glow, view.lookDefaults.glow)
        compare(view.exposure, 0)
        // Keys still work while it is open, and Escape closes it.
        window.requestActivate()
        tryVerify(() => window.active, 3000)
        window.contentItem.forceActiveFocus()
        const blackout = StudioEngine.blackout
        keyClick(Qt.Key_B)
        tryVerify(() => StudioEngine.blackout !== blackout, 2000, "B while Look… is open")
        keyClick(Qt.Key_B)
        keyClick(Qt.Key_Escape)
        tryVerify(() => !popup.visible, 2000, "Escape closed Look…")
    }

    // The window at `size` ("800x600"), laid out.
    function resizeTo(size) {
        const [w, h] = size.split("x").map(Number)
        window.width = w
        window.height = h
        tryVerify(() => window.contentItem.width === w && window.contentItem.height === h, 3000,
                  "the window at " + size)
        wait(50)  // the layouts' polish
    }

    // item's rectangle in the window's content item.
    function rectInWindow(item) {
        const p = item.mapToItem(window.contentItem, 0, 0)
        return Qt.rect(p.x, p.y, item.width, item.height)
    }

    function verifyInside(item, what) {
        const r = rectInWindow(item)
        verify(item.visible && r.width > 0 && r.height > 0, what + " shown")
        verify(r.x >= 0 && r.x + r.width <= window.contentItem.width + 0.5,
               what + " inside the window's width: " + r.x + " + " + r.width + " of "
               + window.contentItem.width)
        verify(r.y >= 0 && r.y + r.height <= window.contentItem.height + 0.5,
               what + " inside the window's height: " + r.y + " + " + r.height)
    }

    // Every transport control can be reached down to the window's least size, in the bar or in
    // its ⋯ menu (defect: at 1024x640 Two-wire, Weights and Perform fell off the window).
    readonly property var transportControls: [
        "playButton", "clock", "timeline", "speedBox", "loopButton", "asRecordedButton",
        "recordingBox", "openButton", "twoWireButton", "weightsButton", "performButton"
    ]
    // A control the bar may fold into the ⋯ menu, and its item there.
    readonly property var menuItems: ({
        loopButton: "loopItem", asRecordedButton: "asRecordedItem", twoWireButton: "twoWireItem",
        weightsButton: "weightsItem", performButton: "performItem"
    })

    function test_transportFitsTheWindow_data() {
        return [
            { tag: "800x600, the least", size: "800x600" },
            { tag: "1024x640", size: "1024x640" },
            { tag: "1280x720", size: "1280x720" }
        ]
    }

    function test_transportFitsTheWindow(data) {
        compare(window.minimumWidth, 800)
        compare(window.minimumHeight, 600)
        resizeTo(data.size)
        const bar = find("transportBar")
        const more = find("moreButton")
        const menu = find("moreMenu")
        let folded = 0
        for (const name of transportControls) {
            const control = find(name)
            if (control.visible) {
                verifyInside(control, name)
                continue
            }
            verify(menuItems[name] !== undefined, name + " hidden and in no menu")
            ++folded
            verifyInside(more, "⋯ for " + name)
            mouseClick(more)
            tryVerify(() => menu.opened, 2000, "the ⋯ menu opened")
            const item = findChild(menu.contentItem, menuItems[name])
            verify(item, menuItems[name])
            verifyInside(item, menuItems[name] + " in the ⋯ menu")
            menu.close()
            tryVerify(() => !menu.visible)
        }
        if (data.size === "800x600")
            verify(folded > 0, "at 800x600 some buttons are in the menu (else this row tests nothing)")
        else
            verify(more.visible === (folded > 0), "⋯ shown only when something is folded")
        // No control overlaps another in the bar.
        const shown = transportControls.map(find).filter(c => c.visible).map(rectInWindow)
        for (let i = 0; i < shown.length; ++i)
            for (let j = i + 1; j < shown.length; ++j)
                verify(shown[i].x + shown[i].width <= shown[j].x + 0.5
                       || shown[j].x + shown[j].width <= shown[i].x + 0.5
                       || shown[i].y + shown[i].height <= shown[j].y + 0.5
                       || shown[j].y + shown[j].height <= shown[i].y + 0.5,
                       transportControls[i] + " and " + transportControls[j] + " overlap")
        resizeTo("1280x800")
    }

    // A folded button works from the menu: Loop, from the ⋯ menu at 800x600.
    function test_foldedLoopWorksFromTheMenu() {
        resizeTo("800x600")
        const loop = find("loopButton")
        verify(!loop.visible, "Loop is folded at 800x600")
        const more = find("moreButton")
        const menu = find("moreMenu")
        const before = StudioEngine.loop
        mouseClick(more)
        tryVerify(() => menu.opened)
        const item = findChild(menu.contentItem, "loopItem")
        compare(item.checked, before)
        // Not so soon that the two clicks make a double-click.
        wait(Qt.styleHints.mouseDoubleClickInterval + 50)
        mouseClick(item)
        tryVerify(() => StudioEngine.loop !== before, 2000, "the menu's Loop toggled the loop")
        tryVerify(() => !menu.visible, 2000, "the menu closed")
        StudioEngine.loop = before
        compare(item.checked, before, "the item follows the loop set elsewhere")
        resizeTo("1280x800")
    }

    // The clock: m:ss.s, h:mm:ss.s from an hour (defect: 6000 s read 100:00.0 and 1666:40.0
    // for 100000 s), rounded to the tenth before the minutes are taken (59.95 s is 1:00.0).
    function test_clock_data() {
        return [
            { tag: "0", seconds: 0, text: "0:00.0" },
            { tag: "59.95", seconds: 59.95, text: "1:00.0" },
            { tag: "61.2", seconds: 61.2, text: "1:01.2" },
            { tag: "3600", seconds: 3600, text: "1:00:00.0" },
            { tag: "6000.5", seconds: 6000.5, text: "1:40:00.5" },
            { tag: "100000", seconds: 100000, text: "27:46:40.0" },
            { tag: "negative, as 0", seconds: -3, text: "0:00.0" }
        ]
    }

    function test_clock(data) {
        compare(find("transportBar").clock(data.seconds), data.text)
    }

    // The error banner never covers the readouts: beside them where there is room for it,
    // under them where there is not (defect: at 800 px it was squeezed to a sliver beside).
    function test_errorBannerClearOfTheReadouts_data() {
        return [
            { tag: "800x600: under", size: "800x600", beside: false },
            { tag: "1280x720: beside", size: "1280x720", beside: true }
        ]
    }

    function test_errorBannerClearOfTheReadouts(data) {
        resizeTo(data.size)
        StudioEngine.reportError("a test error long enough to wrap in a narrow banner: "
                                 + "the output ddp://192.168.1.50 cannot be reached")
        const banner = find("errorBanner")
        const status = find("statusOverlay")
        tryVerify(() => banner.visible)
        verifyInside(banner, "the error banner")
        verifyInside(status, "the readouts")
        const b = rectInWindow(banner)
        const s = rectInWindow(status)
        verify(b.x >= s.x + s.width || b.y >= s.y + s.height,
               "the banner " + JSON.stringify(b) + " clear of the readouts " + JSON.stringify(s))
        compare(b.y < s.y + s.height, data.beside, "beside the readouts")
        verify(b.width >= 300, "the banner readable: " + b.width + " px wide")
        const view = rectInWindow(skullView())
        verify(b.x + b.width <= view.x + view.width, "the banner inside the skull's view")
        StudioEngine.clearError()
        resizeTo("1280x800")
    }

    // The LED name shown on hover is drawn over the lit LEDs, opaque (defect: lit LEDs showed
    // through and over it). The label is put beside each lobe from a few points round its
    // centre; its ground must be its own colour all along, above and below its words.
    function test_hoverLabelAboveTheLitLeds() {
        window.weightsView = false
        window.wireView = false
        StudioEngine.resetRig()
        pauseAtTen()
        const view = skullView()
        view.viewFrom("front")
        const label = find("hoverLabel")
        const ground = Qt.color("#151922")
        const lobes = StudioEngine.lobes
        let checked = 0
        let covered = 0
        let seen = ""
        for (let i = 0; i < lobes.length; ++i) {
            const p = view.mapFrom3DScene(Qt.vector3d(lobes[i].x, lobes[i].y, lobes[i].z))
            for (const [ox, oy] of [[0, 0], [-30, -20], [20, -30], [-20, 25], [30, 15]]) {
                const x = p.x + ox
                const y = p.y + oy
                if (x < 0 || y < 0 || x >= view.width - 150 || y >= view.height - 40)
                    continue
                mouseMove(view, x, y)
                if (!label.visible)
                    continue
                wait(20)
                const image = grabImage(window.contentItem)
                const r = label.mapToItem(window.contentItem, 0, 0)
                ++checked
                for (const dy of [2, label.height - 3]) {
                    for (let dx = 3; dx < label.width - 3; ++dx) {
                        const c = image.pixel(Math.round(r.x + dx), Math.round(r.y + dy))
                        if (Math.abs(c.r - ground.r) > 0.02 || Math.abs(c.g - ground.g) > 0.02
                                || Math.abs(c.b - ground.b) > 0.02) {
                            ++covered
                            seen = c + " at " + dx + "," + dy + " by " + lobes[i].name
                        }
                    }
                }
            }
        }
        verify(checked >= lobes.length, "the label shown " + checked + " times")
        compare(covered, 0, "pixels of the label's ground not its colour (" + ground + "), last "
                + seen)
        mouseMove(view, 2, view.height - 2)
        tryVerify(() => !label.visible)
    }

    // The bundled recording with reasoning, then the answer, paused at `t`.
    function pauseReasoningThenAnswerAt(t) {
        if (StudioEngine.sourceName !== "reasoning-then-answer") {
            verify(StudioEngine.openRecording(
                       Qt.resolvedUrl("../../recordings/reasoning-then-answer.jsonl")))
            tryVerify(() => StudioEngine.duration > 41, 3000)
        }
        StudioEngine.playing = false
        StudioEngine.seek(t)
        tryVerify(() => Math.abs(StudioEngine.position - t) < 1e-6, 3000)
    }

    // The text panel shows what had streamed by the position, forwards and back; the rows run
    // in this order, so the last two seek backwards. Texts as the recording has them.
    function test_sessionTextShowsWhatHadStreamed_data() {
        const reasoningAtOne = " We need to find how many handshakes happen if every guest shak"
        return [
            { tag: "while answering", t: 34, reasoningEnd: "and the formula gives thre",
              answer: " With the host there are thirteen people in the room. With the host there"
                      + " are thirteen people in the room" },
            { tag: "back to the reasoning", t: 1, reasoning: reasoningAtOne, answer: "" },
            { tag: "back before the first token", t: 0.3, reasoning: "", answer: "" }
        ]
    }

    // The skull's view, with the text panel over it, shown.
    function showSkullAndText() {
        window.weightsView = false
        window.performance = false
        window.showText = true
    }

    function test_sessionTextShowsWhatHadStreamed(data) {
        showSkullAndText()
        pauseReasoningThenAnswerAt(data.t)
        const panel = find("sessionTextPanel")
        verify(panel.visible)
        const reasoning = findChild(panel, "reasoningPart")
        const answer = findChild(panel, "answerPart")
        tryCompare(answer, "text", data.answer)
        if (data.reasoning !== undefined)
            compare(reasoning.text, data.reasoning)
        else
            verify(reasoning.text.endsWith(data.reasoningEnd), reasoning.text.slice(-40))
        compare(reasoning.text, StudioEngine.sessionText.reasoning)
        compare(answer.text, StudioEngine.sessionText.answer)
    }

    // Behind the timeline's groove, a band for each span the recording streams in: three of
    // reasoning (pauses over 1 s between them), then the answer, each where its times are.
    function test_timelineBandsShowWhenEachChannelStreams() {
        pauseReasoningThenAnswerAt(20)
        const expected = [
            { channel: "reasoning", start: 0.628555, end: 15.892564 },
            { channel: "reasoning", start: 17.176141, end: 19.851306 },
            { channel: "reasoning", start: 21.089766, end: 32.957011 },
            { channel: "completion", start: 33.471676, end: 40.992677 }
        ]
        const bands = find("spanBands")
        tryVerify(() => bands.width > 0, 3000, "the timeline has room")
        const shown = []
        for (let i = 0; i < bands.children.length; ++i) {
            if (bands.children[i].objectName === "spanBand")
                shown.push(bands.children[i])
        }
        compare(shown.length, expected.length)
        shown.sort((a, b) => a.x - b.x)
        const perSecond = bands.width / StudioEngine.duration
        for (let i = 0; i < expected.length; ++i) {
            compare(shown[i].channel, expected[i].channel)
            fuzzyCompare(shown[i].x, expected[i].start * perSecond, 0.5)
            // At least 2 px, so a short span stays visible on a narrow timeline.
            fuzzyCompare(shown[i].width,
                         Math.max(2, (expected[i].end - expected[i].start) * perSecond), 0.5)
            verify(shown[i].visible && shown[i].height > 0)
        }
        verify(shown[0].color !== shown[3].color, "reasoning and the answer told apart")
    }

    // T and the Text button hide and show the panel.
    function test_textKeyAndButtonToggleThePanel() {
        showSkullAndText()
        const panel = find("sessionTextPanel")
        const button = find("textToggle")
        verify(panel.visible)
        verify(button.checked)
        window.requestActivate()
        tryVerify(() => window.active, 3000)
        window.contentItem.forceActiveFocus()
        keyClick(Qt.Key_T)
        tryVerify(() => !panel.visible, 2000, "T hid the text")
        verify(!button.checked)
        keyClick(Qt.Key_T)
        tryVerify(() => panel.visible, 2000, "T showed the text")
        mouseClick(button)
        tryVerify(() => !panel.visible, 2000, "the button hid the text")
        mouseClick(button)
        tryVerify(() => panel.visible, 2000, "the button showed the text")
        verify(window.showText)
    }

    // The colours LED by LED of lobe `lobe` as the skull last drew them (the LEDs are drawn
    // lobe by lobe, in the rig's order).
    function lobeColours(lobe) {
        const leds = findChild(window, "ledInstancing")
        verify(leds, "the skull's LEDs")
        let first = 0
        for (let i = 0; i < lobe; ++i)
            first += StudioEngine.lobes[i].leds
        const colours = []
        for (let i = 0; i < StudioEngine.lobes[lobe].leds; ++i)
            colours.push(String(leds.colorAt(first + i)))
        return colours
    }

    function distinct(list) {
        return list.filter((c, i) => list.indexOf(c) === i).length
    }

    // A lobe's effect chosen in the Rig tab as a person does (the effect's list by mouse and
    // keys, the period's arrows, the axis's list): each reaches the rig as one step of undo,
    // and the engine draws it: paused while the frontal lobe follows the reasoning, its LEDs
    // show one level without an effect and a head with its tail with the chase.
    function test_rigTabSetsALobeEffect() {
        StudioEngine.resetRig()
        showSkullAndText()
        pauseReasoningThenAnswerAt(12)
        window.sideTab = 2
        const combo = find("lobeEffect0")
        tryVerify(() => combo.visible && combo.width > 0)
        compare(StudioEngine.lobes[0].effect, "none")
        compare(StudioEngine.lobes[0].metric, "reasoning")
        tryVerify(() => distinct(lobeColours(0)) === 1, 3000, lobeColours(0).join(" "))
        verify(StudioEngine.channels[0].level > 0.5, "the reasoning streams at 12 s")
        verify(!find("lobeEffectPeriod0").visible, "no period without an effect")

        mouseClick(combo)
        tryVerify(() => combo.popup.opened)
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Return)
        tryVerify(() => StudioEngine.lobes[0].effect === "chase", 2000, StudioEngine.lobes[0].effect)
        compare(StudioEngine.lobes[0].effectPeriod, 1.5)
        compare(StudioEngine.lobes[0].effectAlong, "strip")
        tryVerify(() => distinct(lobeColours(0)) > 2, 3000, lobeColours(0).join(" "))

        // The rig's edit made the lobe's row anew: its controls are found again.
        const period = find("lobeEffectPeriod0")
        tryVerify(() => period.visible && period.width > 0)
        period.forceActiveFocus()
        keyClick(Qt.Key_Up)
        tryVerify(() => Math.abs(StudioEngine.lobes[0].effectPeriod - 1.6) < 1e-9, 2000,
                  String(StudioEngine.lobes[0].effectPeriod))
        compare(StudioEngine.lobes[0].effect, "chase")

        const along = find("lobeEffectAlong0")
        tryVerify(() => along.visible && along.width > 0)
        mouseClick(along)
        tryVerify(() => along.popup.opened)
        keyClick(Qt.Key_Down)
        keyClick(Qt.Key_Return)
        tryVerify(() => StudioEngine.lobes[0].effectAlong === "height", 2000,
                  StudioEngine.lobes[0].effectAlong)
        compare(StudioEngine.lobes[0].effect, "chase")
        fuzzyCompare(StudioEngine.lobes[0].effectPeriod, 1.6, 1e-9)
        compare(StudioEngine.lobes[1].effect, "none", "the other lobes keep theirs")

        StudioEngine.undoRig()
        tryVerify(() => StudioEngine.lobes[0].effectAlong === "strip")
        StudioEngine.undoRig()
        tryVerify(() => Math.abs(StudioEngine.lobes[0].effectPeriod - 1.5) < 1e-9)
        StudioEngine.undoRig()
        tryVerify(() => StudioEngine.lobes[0].effect === "none")
        tryVerify(() => distinct(lobeColours(0)) === 1, 3000, lobeColours(0).join(" "))
        StudioEngine.resetRig()
        window.sideTab = 0
    }
}

import QtQuick
import QtQuick3D
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// Rig authoring as a person does it: tools chosen, the skull clicked, the rig changed.
TestCase {
    id: test
    name: "RigAuthoring"
    when: windowShown
    width: 900
    height: 640
    visible: true

    RigEditState { id: edit }

    SkullView {
        id: view
        anchors.fill: parent
        rigEdit: edit
    }

    function distanceFromCentre(led) {
        return Math.sqrt(led.x * led.x + led.y * led.y + led.z * led.z)
    }

    function projected(led) {
        return view.mapFrom3DScene(Qt.vector3d(led.x, led.y, led.z))
    }

    // A point on the skull's glass with no LED drawn within 16 px, nearest the view's middle.
    function freeSpotOnTheGlass() {
        let best = null
        let bestDistance = 1e9
        for (let y = 20; y < view.height; y += 20) {
            for (let x = 20; x < view.width; x += 20) {
                const d = Math.hypot(x - view.width / 2, y - view.height / 2)
                if (d < bestDistance && view.surfacePointAt(x, y) !== undefined
                        && view.ledAt(x, y, 16) < 0) {
                    best = Qt.point(x, y)
                    bestDistance = d
                }
            }
        }
        return best
    }

    function init() {
        StudioEngine.resetRig()
        edit.tool = ""
        edit.selectedLobe = 0
        edit.selectedLed = -1
        waitForRendering(view)
    }

    function test_addByClickingTheSkull() {
        const before = StudioEngine.ledCount
        edit.tool = "add"
        edit.selectedLobe = 2
        mouseClick(view, view.width / 2, view.height / 2)
        tryCompare(StudioEngine, "ledCount", before + 1)
        const led = StudioEngine.leds[before]
        compare(led.lobe, 2)
        compare(edit.selectedLed, before)
        // On the front of the skull (the camera looks at its face), just inside the glass.
        verify(led.z > 30, "z " + led.z)
        const r = distanceFromCentre(led)
        verify(r > 40 && r < 130, "distance from the centre " + r)
        // It is drawn where it was clicked.
        const p = projected(led)
        verify(Math.abs(p.x - view.width / 2) < 12 && Math.abs(p.y - view.height / 2) < 12,
               "drawn at " + p.x + ", " + p.y)
        StudioEngine.undoRig()
        compare(StudioEngine.ledCount, before)
    }

    function test_clickBesideTheSkullAddsNothing() {
        const before = StudioEngine.ledCount
        edit.tool = "add"
        mouseClick(view, 6, 6)
        wait(50)
        compare(StudioEngine.ledCount, before)
    }

    function test_orbitToolEditsNothing() {
        const before = StudioEngine.leds
        mouseClick(view, view.width / 2, view.height / 2)
        wait(50)
        compare(StudioEngine.leds, before)
    }

    function test_selectThenMove() {
        // The LED drawn nearest the middle of the view, clicked where it is drawn.
        const leds = StudioEngine.leds
        let target = 0
        let best = 1e9
        for (let i = 0; i < leds.length; ++i) {
            const p = projected(leds[i])
            const d = Math.hypot(p.x - view.width * 0.3, p.y - view.height * 0.4)
            if (d < best) {
                best = d
                target = i
            }
        }
        const p = projected(leds[target])
        edit.tool = "move"
        mouseClick(view, p.x, p.y)
        const selected = edit.selectedLed
        verify(selected >= 0)
        const q = projected(StudioEngine.leds[selected])
        verify(Math.hypot(q.x - p.x, q.y - p.y) < 12, "selected an LED drawn elsewhere")
        compare(edit.selectedLobe, StudioEngine.leds[selected].lobe)

        // Then a click on the glass away from any LED moves it there; its wiring stays.
        const spot = freeSpotOnTheGlass()
        verify(spot !== null)
        mouseClick(view, spot.x, spot.y)
        tryVerify(() => {
            const moved = projected(StudioEngine.leds[selected])
            return Math.abs(moved.x - spot.x) < 12 && Math.abs(moved.y - spot.y) < 12
        })
        compare(StudioEngine.leds[selected].strip, selected)
        verify(StudioEngine.canUndoRig)
    }

    // A picture of the authoring view with the wiring drawn, for people to look at.
    function test_wiringIsDrawn() {
        edit.showWiring = true
        edit.tool = "add"
        mouseClick(view, view.width / 2, view.height / 2)
        edit.selectedLed = StudioEngine.ledCount - 1
        waitForRendering(view)
        const image = grabImage(view)
        image.save("rig-authoring.png")
        // The wiring's yellow is drawn: some pixels have far more red and green than blue.
        let yellow = 0
        for (let y = 0; y < image.height; y += 2) {
            for (let x = 0; x < image.width; x += 2) {
                const c = image.pixel(x, y)
                if (c.r > 0.6 && c.g > 0.45 && c.b < 0.35)
                    ++yellow
            }
        }
        verify(yellow > 50, "yellow pixels " + yellow)
        edit.showWiring = false
    }
}

import QtQuick
import QtQuick3D
import QtQuick3D.Helpers
import OSSynapse.Backend

// The glass skull with the rig's LEDs inside: one instanced draw for all LEDs, a second for
// their glow. Drag to orbit, wheel to zoom, double-click to reset the camera.
View3D {
    id: view

    property bool wireView: false
    property bool performance: false
    property string hoveredLobe: ""
    property RigEditState rigEdit: RigEditState {}
    // LEDs sit this far (mm) inside the glass from where the skull was clicked.
    readonly property real ledInset: 8

    camera: camera
    renderMode: View3D.Underlay

    environment: SceneEnvironment {
        clearColor: "#0b0d12"
        backgroundMode: SceneEnvironment.Color
    }

    Node {
        id: orbitOrigin
        eulerRotation.y: 24
        eulerRotation.x: -6

        PerspectiveCamera {
            id: camera
            position: Qt.vector3d(0, 0, view.performance ? 330 : 380)
            clipNear: 10
            clipFar: 4000
            fieldOfView: 40
        }
    }

    OrbitCameraController {
        id: orbit
        anchors.fill: parent
        origin: orbitOrigin
        camera: camera
    }

    function resetCamera() {
        orbitOrigin.eulerRotation = Qt.vector3d(-6, 24, 0)
        camera.position = Qt.vector3d(0, 0, view.performance ? 330 : 380)
    }

    TapHandler {
        acceptedButtons: Qt.LeftButton
        onDoubleTapped: view.resetCamera()
        onSingleTapped: (eventPoint) => view.editAt(eventPoint.position.x, eventPoint.position.y)
    }

    // The LED drawn nearest to (x, y) on screen, within `radius` pixels; -1 when none.
    function ledAt(x, y, radius) {
        const leds = StudioEngine.leds
        let best = -1
        let bestDistance = radius
        for (let i = 0; i < leds.length; ++i) {
            const p = view.mapFrom3DScene(Qt.vector3d(leds[i].x, leds[i].y, leds[i].z))
            const d = Math.hypot(p.x - x, p.y - y)
            if (d < bestDistance) {
                bestDistance = d
                best = leds[i].strip
            }
        }
        return best
    }

    // Where a click on the glass puts an LED: just inside the surface.
    function surfacePointAt(x, y) {
        const hit = view.pick(x, y)
        if (hit.objectHit !== skull)
            return undefined
        return hit.scenePosition.minus(hit.sceneNormal.normalized().times(view.ledInset))
    }

    function selectLed(strip) {
        rigEdit.selectedLed = strip
        if (strip >= 0)
            rigEdit.selectedLobe = StudioEngine.leds[strip].lobe
    }

    function editAt(x, y) {
        const tool = rigEdit.tool
        if (tool === "select") {
            selectLed(ledAt(x, y, 24))
        } else if (tool === "add") {
            const point = surfacePointAt(x, y)
            if (point !== undefined) {
                StudioEngine.addLed(rigEdit.selectedLobe, point)
                selectLed(StudioEngine.ledCount - 1)
            }
        } else if (tool === "move") {
            const near = ledAt(x, y, 12)
            if (rigEdit.selectedLed < 0 || near >= 0) {
                selectLed(near)
                return
            }
            const point = surfacePointAt(x, y)
            if (point !== undefined)
                StudioEngine.moveLed(rigEdit.selectedLed, point)
        }
    }

    // Key light from the front left, a cool rim from behind, a warm fill from below.
    DirectionalLight {
        eulerRotation: Qt.vector3d(-30, -35, 0)
        brightness: 1.1
        color: "#f4f6ff"
    }
    DirectionalLight {
        eulerRotation: Qt.vector3d(-10, 160, 0)
        brightness: 2.2
        color: "#9fc4ff"
    }
    DirectionalLight {
        eulerRotation: Qt.vector3d(60, 20, 0)
        brightness: 0.35
        color: "#ffb08a"
    }

    Model {
        id: ledModel
        geometry: LedGeometry { subdivisions: 1 }
        instancing: LedInstancing {
            id: leds
            engine: StudioEngine
            wireView: view.wireView
            ledScale: 2.8
        }
        materials: PrincipledMaterial {
            lighting: PrincipledMaterial.NoLighting
            baseColor: "white"
        }
    }

    Model {
        geometry: LedGeometry { subdivisions: 1 }
        instancing: LedInstancing {
            engine: StudioEngine
            wireView: view.wireView
            ledScale: 10
            floor: 0.0
        }
        materials: CustomMaterial {
            property real strength: 0.9
            property real falloff: 2.5
            shadingMode: CustomMaterial.Unshaded
            sourceBlend: CustomMaterial.One
            destinationBlend: CustomMaterial.One
            depthDrawMode: Material.NeverDepthDraw
            vertexShader: "shaders/glow.vert"
            fragmentShader: "shaders/glow.frag"
        }
    }

    // The wiring: a line through the LEDs in strip order, a marker where the data enters.
    Model {
        visible: view.rigEdit.showWiring && !view.wireView
        geometry: StripPathGeometry { engine: StudioEngine }
        materials: PrincipledMaterial {
            lighting: PrincipledMaterial.NoLighting
            baseColor: "#ffd24a"
        }
    }
    Model {
        readonly property var first: StudioEngine.leds.length > 0 ? StudioEngine.leds[0] : null
        visible: view.rigEdit.showWiring && !view.wireView && first !== null
        position: first ? Qt.vector3d(first.x, first.y, first.z) : Qt.vector3d(0, 0, 0)
        scale: Qt.vector3d(5, 5, 5)
        geometry: LedGeometry { subdivisions: 1 }
        materials: PrincipledMaterial {
            lighting: PrincipledMaterial.NoLighting
            baseColor: "#ffd24a"
        }
    }

    // The selected LED, haloed so it stands out whether lit or dark.
    Model {
        readonly property int strip: view.rigEdit.selectedLed
        readonly property var led: strip >= 0 && strip < StudioEngine.leds.length
                                   ? StudioEngine.leds[strip] : null
        visible: led !== null && view.rigEdit.tool !== ""
        position: led ? Qt.vector3d(led.x, led.y, led.z) : Qt.vector3d(0, 0, 0)
        scale: Qt.vector3d(6, 6, 6)
        geometry: LedGeometry { subdivisions: 1 }
        materials: PrincipledMaterial {
            lighting: PrincipledMaterial.NoLighting
            baseColor: "#7fffffff"
            alphaMode: PrincipledMaterial.Blend
            depthDrawMode: Material.NeverDepthDraw
        }
    }

    Model {
        id: skull
        pickable: true
        geometry: SkullGeometry { detail: 72 }
        materials: CustomMaterial {
            property color tint: "#7fa6d9"
            property color rimColor: "#e4f0ff"
            property real clearness: 0.04
            property real rimStrength: 0.85
            shadingMode: CustomMaterial.Unshaded
            sourceBlend: CustomMaterial.One
            destinationBlend: CustomMaterial.OneMinusSrcAlpha
            cullMode: Material.NoCulling
            depthDrawMode: Material.NeverDepthDraw
            vertexShader: "shaders/glass.vert"
            fragmentShader: "shaders/glass.frag"
        }
    }

    // Lobe names on hover: the nearest lobe centre on screen.
    HoverHandler {
        id: hover
        onPointChanged: {
            const lobes = StudioEngine.lobes
            let best = ""
            let bestDistance = 60
            for (let i = 0; i < lobes.length; ++i) {
                const p = view.mapFrom3DScene(Qt.vector3d(lobes[i].x, lobes[i].y, lobes[i].z))
                const d = Math.hypot(p.x - point.position.x, p.y - point.position.y)
                if (d < bestDistance) {
                    bestDistance = d
                    best = lobes[i].name + " · " + lobes[i].metric
                }
            }
            view.hoveredLobe = best
        }
    }

    Rectangle {
        visible: view.hoveredLobe !== "" && hover.hovered
        x: hover.point.position.x + 14
        y: hover.point.position.y + 10
        radius: 4
        color: "#d0151922"
        border.color: "#40ffffff"
        width: lobeLabel.implicitWidth + 14
        height: lobeLabel.implicitHeight + 8
        Text {
            id: lobeLabel
            anchors.centerIn: parent
            text: view.hoveredLobe
            color: "#e8ecf4"
            font.pixelSize: 12
        }
    }
}

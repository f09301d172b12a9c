import QtQuick
import QtQuick.Controls
import QtQuick3D
import QtQuick3D.Helpers
import QtQuick3D.AssetUtils
import OSSynapse.Backend

// The glass skull with the rig's LEDs inside: one instanced draw for all LEDs, a second for
// their glow. Drag to orbit, wheel to zoom, double-click to reset the camera.
View3D {
    id: view

    property bool wireView: false
    property bool performance: false
    property string hoveredLobe: ""
    property RigEditState rigEdit: RigEditState {}
    // A user's own head or skull (glTF or OBJ) drawn instead of the glass; empty: the glass.
    property url userMesh: ""
    readonly property bool objMesh: String(userMesh).toLowerCase().endsWith(".obj")
    readonly property bool userMeshShown: objMesh ? objGeometry.ready
                                                  : userMeshLoader.status === RuntimeLoader.Success
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
        // The middle of the whole skull, jaw included (the rig's origin is the cranium's).
        y: -30
        eulerRotation.y: 24
        eulerRotation.x: -6

        PerspectiveCamera {
            id: camera
            position: Qt.vector3d(0, 0, view.performance ? 400 : 390)
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

    // The standard views, as orbit angles in degrees (about x, then y): the face, the skull's
    // own left side, from above with the face up the screen, and three-quarters from the left.
    readonly property var cameraPresetNames: ["front", "side", "top", "three-quarter"]
    readonly property var cameraPresets: ({
        "front": Qt.vector3d(0, 0, 0),
        "side": Qt.vector3d(0, 90, 0),
        "top": Qt.vector3d(-90, 180, 0),
        "three-quarter": Qt.vector3d(-12, 38, 0)
    })
    // The preset the camera shows; "" once orbited away from it.
    property string cameraPreset: ""
    // A view the user kept (Ctrl+Alt+0), recalled with Alt+0: [about x, y, z, distance];
    // kept between runs by the studio's settings.
    property var keptView: []
    readonly property real defaultDistance: view.performance ? 400 : 390
    property bool placingCamera: false

    // How the light looks, as the user sets it in Look (kept between runs): the LED disc's
    // size and the halo's (diffusion) as multiples of the defaults, the halo's strength, and
    // the exposure in stops applied to LEDs and halos alike.
    readonly property var lookDefaults: ({ ledSize: 1.0, diffusion: 1.0, glow: 0.5, exposure: 0.0 })
    property real ledSize: lookDefaults.ledSize
    property real diffusion: lookDefaults.diffusion
    property real glow: lookDefaults.glow
    property real exposure: lookDefaults.exposure

    function placeCamera(rotation, distance, preset) {
        placingCamera = true
        orbitOrigin.eulerRotation = rotation
        camera.position = Qt.vector3d(0, 0, distance)
        placingCamera = false
        cameraPreset = preset
    }

    function viewFrom(name) {
        if (cameraPresets[name] === undefined) {
            StudioEngine.reportError(qsTr("there is no camera view '%1': %2")
                                     .arg(name).arg(cameraPresetNames.join(", ")))
            return
        }
        placeCamera(cameraPresets[name], defaultDistance, name)
    }

    function keepView() {
        const r = orbitOrigin.eulerRotation
        keptView = [r.x, r.y, r.z, camera.position.z]
    }

    function recallKeptView() {
        if (keptView.length === 4)
            placeCamera(Qt.vector3d(keptView[0], keptView[1], keptView[2]), keptView[3], "kept")
    }

    function closeLook() {
        lookPopup.close()
    }

    function resetCamera() {
        placeCamera(Qt.vector3d(-6, 24, 0), defaultDistance, "")
    }

    Connections {
        target: orbitOrigin
        function onEulerRotationChanged() { if (!view.placingCamera) view.cameraPreset = "" }
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
        if (hit.objectHit !== skull && hit.objectHit !== objModel)
            return undefined
        // Further along the line of sight, so the LED lands inside whichever way the mesh's
        // normals point.
        const into = hit.scenePosition.minus(camera.scenePosition).normalized()
        return hit.scenePosition.plus(into.times(view.ledInset))
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
        source: "#Rectangle"
        instancing: LedInstancing {
            id: leds
            objectName: "ledInstancing"
            engine: StudioEngine
            wireView: view.wireView
            ledScale: 2.8 * view.ledSize
            // A dense rig's LEDs stay apart instead of merging into one blob.
            spacingScale: 0.45 * view.ledSize
        }
        materials: CustomMaterial {
            property real exposure: view.exposure
            // At the front of the LED's sphere: in front of its own halo.
            property real lift: 1.0
            shadingMode: CustomMaterial.Unshaded
            cullMode: Material.NoCulling
            vertexShader: "shaders/billboard.vert"
            fragmentShader: "shaders/led.frag"
        }
    }

    Model {
        source: "#Rectangle"
        instancing: LedInstancing {
            engine: StudioEngine
            wireView: view.wireView
            ledScale: 10 * view.diffusion
            spacingScale: 1.0 * view.diffusion
            floor: 0.0
            skipDark: true
        }
        materials: CustomMaterial {
            property real strength: view.glow
            property real exposure: view.exposure
            property real falloff: 2.5
            // Through the LED's centre, behind its disc: the disc keeps its own colour at full
            // level instead of the halos' sum washing it white.
            property real lift: 0.0
            shadingMode: CustomMaterial.Unshaded
            sourceBlend: CustomMaterial.One
            destinationBlend: CustomMaterial.One
            depthDrawMode: Material.NeverDepthDraw
            cullMode: Material.NoCulling
            vertexShader: "shaders/billboard.vert"
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

    // The user's mesh, fitted into the glass skull's box (uniform scale, same centre) so the rig
    // sits inside it. An OBJ is drawn as our glass and takes the LED placement clicks; a glTF
    // keeps its own materials and LEDs are placed on the glass shell, now invisible.
    Node {
        id: userMeshFit
        readonly property var meshBounds: view.objMesh ? objModel.bounds : userMeshLoader.bounds
        readonly property vector3d size: meshBounds.maximum.minus(meshBounds.minimum)
        readonly property vector3d centre: meshBounds.maximum.plus(meshBounds.minimum).times(0.5)
        readonly property vector3d skullSize: skull.bounds.maximum.minus(skull.bounds.minimum)
        readonly property vector3d skullCentre: skull.bounds.maximum.plus(skull.bounds.minimum).times(0.5)
        readonly property real fit: size.x > 0 && size.y > 0 && size.z > 0
            ? Math.min(skullSize.x / size.x, skullSize.y / size.y, skullSize.z / size.z) : 1
        scale: Qt.vector3d(fit, fit, fit)
        position: skullCentre.minus(centre.times(fit))

        RuntimeLoader {
            id: userMeshLoader
            source: view.objMesh ? "" : view.userMesh
            onStatusChanged: {
                if (status === RuntimeLoader.Error)
                    StudioEngine.reportError(qsTr("cannot load the mesh %1: %2").arg(source).arg(errorString))
            }
        }
        Model {
            id: objModel
            visible: objGeometry.ready
            pickable: objGeometry.ready
            geometry: ObjMeshGeometry {
                id: objGeometry
                source: view.objMesh ? view.userMesh : ""
                onStatusChanged: {
                    if (errorString !== "")
                        StudioEngine.reportError(qsTr("cannot load the mesh: %1").arg(errorString))
                }
            }
            materials: GlassMaterial {}
        }
    }

    Model {
        id: skull
        pickable: !objGeometry.ready
        geometry: SkullGeometry {}
        materials: GlassMaterial {
            visibility: view.userMeshShown ? 0.0 : 1.0
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

    // The hover label is drawn over everything, on an opaque ground, kept inside the view
    // near its edges. It lives in the window's overlay: with the 3D drawn under the window's
    // items (Underlay), an item drawn early is hidden wherever an LED is nearer by depth (the
    // lit LEDs covered the label), and the overlay's items are drawn last, nearest of all.
    Rectangle {
        id: hoverLabel
        objectName: "hoverLabel"
        parent: Overlay.overlay
        visible: view.hoveredLobe !== "" && hover.hovered && view.visible
        // The pointer and the view's far corner in the overlay's coordinates.
        readonly property point at: view.mapToItem(parent, hover.point.position.x,
                                                   hover.point.position.y)
        readonly property point end: view.mapToItem(parent, view.width, view.height)
        x: Math.min(at.x + 14, end.x - width - 4)
        y: Math.min(at.y + 10, end.y - height - 4)
        radius: 4
        color: "#151922"
        border.color: "#60ffffff"
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

    // The camera's views where the eye is on the skull; the one shown is checked.
    Row {
        objectName: "cameraViews"
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 10
        spacing: 2
        visible: !view.performance
        Repeater {
            model: [
                { name: "front", text: qsTr("Front"), key: "Alt+1" },
                { name: "side", text: qsTr("Side"), key: "Alt+2" },
                { name: "top", text: qsTr("Top"), key: "Alt+3" },
                { name: "three-quarter", text: qsTr("¾"), key: "Alt+4" },
                { name: "kept", text: qsTr("Kept"), key: "Alt+0" }
            ]
            ToolButton {
                required property var modelData
                objectName: "view-" + modelData.name
                text: modelData.text
                checkable: true
                checked: view.cameraPreset === modelData.name
                enabled: modelData.name !== "kept" || view.keptView.length === 4
                font.pixelSize: 12
                ToolTip.visible: hovered
                ToolTip.delay: 500
                ToolTip.text: modelData.name === "kept"
                              ? qsTr("The view you kept (%1); Ctrl+Alt+0 keeps the one shown").arg(modelData.key)
                              : qsTr("View from the %1 (%2)").arg(modelData.name).arg(modelData.key)
                onClicked: modelData.name === "kept" ? view.recallKeptView() : view.viewFrom(modelData.name)
            }
        }
        ToolButton {
            objectName: "lookButton"
            text: qsTr("Look…")
            font.pixelSize: 12
            checkable: true
            checked: lookPopup.visible
            onClicked: lookPopup.visible ? lookPopup.close() : lookPopup.open()
            ToolTip.visible: hovered && !lookPopup.visible
            ToolTip.delay: 500
            ToolTip.text: qsTr("LED size, diffusion, glow and exposure")
        }
        ToolButton {
            objectName: "keepView"
            text: qsTr("Keep")
            font.pixelSize: 12
            ToolTip.visible: hovered
            ToolTip.delay: 500
            ToolTip.text: qsTr("Keep this view (Ctrl+Alt+0)")
            onClicked: view.keepView()
        }
    }

    // The look of the light on screen only: what reaches the real skull is not changed.
    Popup {
        id: lookPopup
        objectName: "lookPopup"
        // Open until Look… or Escape closes it: an auto-closing popup would hold back every
        // shortcut (B, Space) while it is open.
        closePolicy: Popup.NoAutoClose
        x: view.width - width - 10
        y: view.height - height - 48
        width: 300
        padding: 12
        contentItem: Column {
            spacing: 4
            Repeater {
                model: [
                    { key: "ledSize", text: qsTr("LED size"), from: 0.3, to: 2.5 },
                    { key: "diffusion", text: qsTr("Diffusion"), from: 0.3, to: 3.0 },
                    { key: "glow", text: qsTr("Glow"), from: 0.0, to: 2.0 },
                    { key: "exposure", text: qsTr("Exposure (stops)"), from: -3.0, to: 3.0 }
                ]
                Column {
                    required property var modelData
                    width: parent.width
                    Row {
                        width: parent.width
                        Label {
                            width: parent.width - amount.width
                            text: modelData.text
                        }
                        Label {
                            id: amount
                            text: Number(view[modelData.key]).toFixed(2)
                            font.family: "monospace"
                            color: "#c8cfdd"
                        }
                    }
                    Slider {
                        objectName: "look-" + modelData.key
                        width: parent.width
                        from: modelData.from
                        to: modelData.to
                        value: view[modelData.key]
                        onMoved: view[modelData.key] = value
                    }
                }
            }
            Button {
                objectName: "lookDefaults"
                text: qsTr("Defaults")
                onClicked: {
                    for (const key in view.lookDefaults)
                        view[key] = view.lookDefaults[key]
                }
            }
            Label {
                width: parent.width
                text: qsTr("On screen only: the real skull gets the engine's frames as they are.")
                wrapMode: Text.Wrap
                color: "#8a93a6"
                font.pixelSize: 11
            }
        }
    }
}

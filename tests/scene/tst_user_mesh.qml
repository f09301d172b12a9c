import QtQuick
import QtQuick3D
import QtTest
import OSSynapse.Backend
import OSSynapse.Studio

// A user's own mesh shown around the rig: loaded, fitted into the skull's box, LEDs still
// placed by clicking; a file that is not a mesh is reported in words.
TestCase {
    id: test
    name: "UserMesh"
    when: windowShown
    width: 900
    height: 640
    visible: true

    RigEditState { id: edit }

    SkullView {
        id: view
        anchors.fill: parent
        rigEdit: edit
        userMesh: edit.userMesh
    }

    function init() {
        StudioEngine.clearError()
        StudioEngine.resetRig()
        edit.userMesh = ""
        edit.tool = ""
        waitForRendering(view)
    }

    function test_meshLoadsAndFits_data() {
        return [{ tag: "OBJ", file: "fixtures/octahedron.obj" },
                { tag: "glTF", file: "fixtures/octahedron.gltf" }]
    }
    function test_meshLoadsAndFits(data) {
        const blank = grabImage(view)
        edit.userMesh = Qt.resolvedUrl(data.file)
        tryVerify(() => view.userMeshShown, 5000, "the mesh did not load: " + StudioEngine.errorText)
        waitForRendering(view)
        const image = grabImage(view)
        image.save("user-mesh-" + data.tag + ".png")
        // Something other than the glass is drawn: the picture changed.
        let changed = 0
        for (let y = 0; y < image.height; y += 4) {
            for (let x = 0; x < image.width; x += 4) {
                if (!Qt.colorEqual(image.pixel(x, y), blank.pixel(x, y)))
                    ++changed
            }
        }
        verify(changed > 500, "pixels changed " + changed)

        // LEDs still go where the skull is clicked.
        const before = StudioEngine.ledCount
        edit.tool = "add"
        mouseClick(view, view.width / 2, view.height / 2)
        tryCompare(StudioEngine, "ledCount", before + 1)
        compare(StudioEngine.errorText, "")
    }

    function test_notAMeshIsReported_data() {
        return [{ tag: "not glTF", file: "tst_user_mesh.qml", says: "cannot load the mesh" },
                { tag: "broken OBJ", file: "fixtures/broken.obj", says: "OBJ line 3" }]
    }
    function test_notAMeshIsReported(data) {
        edit.userMesh = Qt.resolvedUrl(data.file)
        tryVerify(() => StudioEngine.errorText !== "", 5000)
        verify(StudioEngine.errorText.startsWith("cannot load the mesh"), StudioEngine.errorText)
        verify(StudioEngine.errorText.indexOf(data.says) >= 0, StudioEngine.errorText)
        verify(!view.userMeshShown)
    }
}

import QtQml

// What the rig author is doing, shared by the rig tab and the skull view: the tool in hand,
// the lobe and LED selected, and whether the wiring path is drawn.
QtObject {
    // "" (orbit only), "select", "add" or "move"
    property string tool: ""
    property int selectedLobe: 0
    property int selectedLed: -1
    property bool showWiring: false
    // The user's own skull or head mesh (glTF or OBJ); empty: the studio's glass skull.
    property url userMesh: ""

    function clearSelection() {
        selectedLed = -1
    }
}

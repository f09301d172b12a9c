import QtQuick
import QtQuick3D

// Thin tinted glass with a bright Fresnel rim, for the skull or a user's own mesh. Drawn
// without depth writes so the LEDs inside stay visible; `visibility` 0 hides it but keeps
// its model pickable.
CustomMaterial {
    property real visibility: 1.0
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

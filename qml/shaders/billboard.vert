// Each LED, and its halo, as a camera-facing quad: two triangles where a sphere took 80 (at
// 2,000 LEDs the software renderer spent most of a frame setting those up). VERTEX is Qt's
// #Rectangle, -50 to 50 in x and y; the quad is turned, in the instance's own space, to face
// the camera; vOffset runs -1..1 across it, so the fragment shader draws a disc of radius 1.
VARYING vec2 vOffset;
VARYING vec4 vColor;

void MAIN()
{
    vec3 toCamera = (inverse(INSTANCE_MODEL_MATRIX) * vec4(CAMERA_POSITION, 1.0)).xyz;
    vec3 facing = normalize(toCamera);
    vec3 up = abs(facing.y) > 0.99 ? vec3(0.0, 0.0, 1.0) : vec3(0.0, 1.0, 0.0);
    vec3 right = normalize(cross(up, facing));
    up = cross(facing, right);
    vOffset = VERTEX.xy / 50.0;
    vColor = INSTANCE_COLOR;
    // At the sphere's front, not its centre: a disc through the centre would sink into the
    // glass skull's surface wherever an LED sits on it.
    vec3 local = vOffset.x * right + vOffset.y * up + facing;
    POSITION = INSTANCE_MODELVIEWPROJECTION_MATRIX * vec4(local, 1.0);
}

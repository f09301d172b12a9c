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
    // `lift` moves the quad towards the camera, in radii: the LED disc sits at its sphere's
    // front (1), in front of its own halo and off the glass where an LED sits on the surface;
    // the halo through the centre (0), behind the disc.
    vec3 local = vOffset.x * right + vOffset.y * up + lift * facing;
    POSITION = INSTANCE_MODELVIEWPROJECTION_MATRIX * vec4(local, 1.0);
}

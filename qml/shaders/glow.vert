VARYING vec3 vNormal;
VARYING vec3 vViewDir;
VARYING vec4 vColor;

void MAIN()
{
    vec4 world = INSTANCE_MODEL_MATRIX * vec4(VERTEX, 1.0);
    vNormal = normalize(mat3(INSTANCE_MODEL_MATRIX) * NORMAL);
    vViewDir = CAMERA_POSITION - world.xyz;
    vColor = INSTANCE_COLOR;
    POSITION = INSTANCE_MODELVIEWPROJECTION_MATRIX * vec4(VERTEX, 1.0);
}

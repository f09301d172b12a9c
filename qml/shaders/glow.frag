// A soft halo around each LED: strongest at the centre of the sphere's silhouette, fading to
// nothing at its edge; added to what is behind it.
VARYING vec3 vNormal;
VARYING vec3 vViewDir;
VARYING vec4 vColor;

void MAIN()
{
    float facing = abs(dot(normalize(vNormal), normalize(vViewDir)));
    float glow = pow(facing, falloff) * strength;
    FRAGCOLOR = vec4(vColor.rgb * glow, 0.0);
}

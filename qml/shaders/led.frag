// An LED: a disc in its colour, as a flat-shaded sphere of radius 1 looks from any side. The
// colour is encoded for the screen as the scene's linear tonemapping does for lit materials
// (an unshaded material is not tonemapped), so an unlit LED's faint lobe colour still shows.
VARYING vec2 vOffset;
VARYING vec4 vColor;

vec3 linearToSrgb(vec3 c)
{
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

void MAIN()
{
    if (dot(vOffset, vOffset) > 1.0)
        discard;
    FRAGCOLOR = vec4(linearToSrgb(vColor.rgb), 1.0);
}

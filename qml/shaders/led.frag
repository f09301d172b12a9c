// An LED: a disc in its colour, as a flat-shaded sphere of radius 1 looks from any side. The
// colour is encoded for the screen as the scene's linear tonemapping does for lit materials
// (an unshaded material is not tonemapped), so an unlit LED's faint lobe colour still shows.
// `exposure` (stops) brightens or darkens it; a colour pushed past full keeps its hue (scaled
// back by its brightest channel) instead of clipping to white.
VARYING vec2 vOffset;
VARYING vec4 vColor;

vec3 linearToSrgb(vec3 c)
{
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

void MAIN()
{
    float r2 = dot(vOffset, vOffset);
    if (r2 > 1.0)
        discard;
    vec3 c = vColor.rgb * exp2(exposure);
    c /= max(1.0, max(c.r, max(c.g, c.b)));
    // A thin darker rim: neighbouring discs of one lobe stay apart at full level.
    c *= mix(1.0, 0.55, smoothstep(0.72, 1.0, r2));
    FRAGCOLOR = vec4(linearToSrgb(c), 1.0);
}

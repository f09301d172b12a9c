// A soft halo around each LED, as a glowing sphere of radius 1 would look: at distance r from
// its centre on screen the sphere faces the eye by sqrt(1 - r^2), raised to `falloff`; nothing
// outside the silhouette. Added to what is behind it, scaled by `strength` and `exposure`
// (stops). Halos are drawn behind the LED discs, which keep their own colour.
VARYING vec2 vOffset;
VARYING vec4 vColor;

void MAIN()
{
    float inside = 1.0 - dot(vOffset, vOffset);
    if (inside <= 0.0)
        discard;
    float glow = pow(inside, 0.5 * falloff) * strength * exp2(exposure);
    FRAGCOLOR = vec4(vColor.rgb * glow, 0.0);
}

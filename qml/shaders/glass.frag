// Thin glass: nearly clear where the surface faces the eye, bright at grazing angles
// (Fresnel), with one soft highlight. Output is premultiplied alpha. `visibility` 0 leaves the
// shell invisible but still pickable, for placing LEDs under a user's own mesh.
VARYING vec3 vNormal;
VARYING vec3 vViewDir;

void MAIN()
{
    vec3 v = normalize(vViewDir);
    vec3 n = normalize(vNormal);
    n = dot(n, v) < 0.0 ? -n : n;
    float facing = clamp(dot(n, v), 0.0, 1.0);
    float rim = pow(1.0 - facing, 3.0);
    vec3 light = normalize(vec3(-0.45, 0.75, 0.5));
    float highlight = pow(max(dot(n, normalize(light + v)), 0.0), 80.0);
    float alpha = clamp(clearness + rim * rimStrength + highlight * 0.7, 0.0, 1.0);
    vec3 color = mix(tint.rgb, rimColor.rgb, rim) + vec3(highlight);
    alpha *= visibility;
    FRAGCOLOR = vec4(color * alpha, alpha);
}

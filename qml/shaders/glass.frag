// Thin glass: nearly clear where the surface faces the eye, bright at grazing angles
// (Fresnel), faintly lit by one key light so the skull's forms (sockets, cheekbones, jaw) read
// between the rims, with one soft highlight. Output is premultiplied alpha. `visibility` 0
// leaves the shell invisible but still pickable, for placing LEDs under a user's own mesh.
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
    float lit = max(dot(n, light), 0.0);
    float highlight = pow(max(dot(n, normalize(light + v)), 0.0), 60.0);
    float alpha = clamp(clearness + rim * rimStrength + highlight * 0.7 + lit * lit * 0.15,
                        0.0, 1.0);
    vec3 color = mix(tint.rgb * (0.3 + 0.9 * lit), rimColor.rgb, rim) + vec3(highlight);
    alpha *= visibility;
    FRAGCOLOR = vec4(color * alpha, alpha);
}

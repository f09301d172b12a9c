// Thin glass: nearly clear where the surface faces the eye, bright at grazing angles
// (Fresnel), faintly lit by one key light so the skull's forms (sockets, cheekbones, jaw) read
// between the rims, with one soft highlight. Output is premultiplied alpha. `visibility` 0
// leaves the shell invisible but still pickable, for placing LEDs under a user's own mesh.
// Lit lobes spill their light onto the glass round them: `lobeLights` (LobeLightTexture) holds
// each lobe's centre and radius (row 0) and its mean light (row 1); the glass within a few
// radii glows in that colour, falling off with distance, scaled by `spill`.
VARYING vec3 vNormal;
VARYING vec3 vViewDir;
VARYING vec3 vWorld;

vec3 spilledLight()
{
    vec3 sum = vec3(0.0);
    int count = int(lobeCount + 0.5);
    for (int i = 0; i < 32; ++i) {
        if (i >= count)
            break;
        float u = (float(i) + 0.5) / 32.0;
        vec4 place = texture(lobeLights, vec2(u, 0.25));
        vec4 light = texture(lobeLights, vec2(u, 0.75));
        vec3 toLobe = (vWorld - place.xyz) / max(place.w, 1.0);
        float falloff = 1.0 / (1.0 + 1.5 * dot(toLobe, toLobe));
        sum += light.rgb * falloff * falloff;
    }
    return sum * spill;
}

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
    // Added, not blended: light on the glass brightens what is behind it.
    FRAGCOLOR = vec4(color * alpha + spilledLight() * visibility, alpha);
}

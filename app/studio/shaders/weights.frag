#version 440

// The weights image (core/telemetry-protocol.md, "The weights image"): every value divided by
// its own matrix's scale here, on the GPU, grey = (v / s + 1) / 2, as core/weights_image.h
// does for the PNG export. The textures carry raw IEEE 754 binary16 bits
// (app/studio/weights_textures.h), so nothing is normalised before it gets here.

layout(location = 0) in vec2 texCoord;
layout(location = 0) out vec4 fragColor;

layout(std140, binding = 0) uniform buf {
    mat4 qt_Matrix;
    float qt_Opacity;
    float matrixCount;
};

layout(binding = 1) uniform sampler2D weightValues;  // binary16 bits: red low byte, green high
layout(binding = 2) uniform sampler2D matrixMap;     // matrix index + 1, same bytes; 0: a gap
layout(binding = 3) uniform sampler2D matrixScales;  // one texel a matrix, binary16 bits

float byteOf(float channel)
{
    return floor(channel * 255.0 + 0.5);
}

// Float arithmetic only, so the shader runs on GLSL ES 2 as well. `finite` is false for the
// infinities and NaNs (exponent field 31).
float decodeHalf(vec2 bytes, out bool finite)
{
    float low = byteOf(bytes.r);
    float high = byteOf(bytes.g);
    float sign = high >= 128.0 ? -1.0 : 1.0;
    float exponent = floor(mod(high, 128.0) / 4.0);
    float mantissa = mod(high, 4.0) * 256.0 + low;
    finite = exponent < 31.0;
    if (exponent == 0.0)
        return sign * mantissa * exp2(-24.0);
    return sign * (1.0 + mantissa / 1024.0) * exp2(exponent - 15.0);
}

void main()
{
    vec4 where = texture(matrixMap, texCoord);
    float index = byteOf(where.r) + 256.0 * byteOf(where.g);
    // Between matrices: the page's dark blue, so that no gap reads as a large negative weight
    // (black). The PNG export keeps 0 there, as documented.
    vec3 colour = vec3(0.055, 0.07, 0.11);
    if (index > 0.0) {
        float grey = 0.0;
        bool valueFinite;
        bool scaleFinite;
        float v = decodeHalf(texture(weightValues, texCoord).rg, valueFinite);
        float s = decodeHalf(texture(matrixScales, vec2((index - 0.5) / matrixCount, 0.5)).rg,
                             scaleFinite);
        if (!valueFinite)
            grey = 0.0;
        else if (s <= 0.0)
            grey = 32768.0 / 65535.0;
        else
            grey = clamp((v / s + 1.0) * 0.5, 0.0, 1.0);
        colour = vec3(grey);
    }
    fragColor = vec4(colour, 1.0) * qt_Opacity;
}

#include "app/studio/lobe_light_texture.h"

#include <QVector4D>
#include <algorithm>
#include <cmath>

#include "app/studio/engine_binding.h"

namespace ossynapse {

LobeLightTexture::LobeLightTexture(QQuick3DObject* parent)
    : QQuick3DTextureData(parent), m_texels(2 * kMaxLobes * 4, 0.0f) {
    setSize(QSize(kMaxLobes, 2));
    setFormat(QQuick3DTextureData::RGBA32F);
    setHasTransparency(false);
    refreshLight();
}

void LobeLightTexture::setEngine(StudioEngine* engine) {
    if (!rebindEngine(this, m_engine, engine, [this](StudioEngine* bound) {
            connect(bound, &StudioEngine::frameChanged, this, &LobeLightTexture::refreshLight);
            connect(bound, &StudioEngine::rigChanged, this, &LobeLightTexture::rebuildLayout);
        })) {
        return;
    }
    rebuildLayout();
    emit engineChanged();
}

void LobeLightTexture::rebuildLayout() {
    const int before = lobeCount();
    m_lobes.clear();
    std::fill(m_texels.begin(), m_texels.end(), 0.0f);
    if (m_engine != nullptr) {
        const Rig& rig = m_engine->rig();
        const std::size_t count = std::min<std::size_t>(rig.lobes.size(), kMaxLobes);
        for (std::size_t l = 0; l < count; ++l) {
            const Lobe& lobe = rig.lobes[l];
            LobeSlots lobeSlots;
            double x = 0.0;
            double y = 0.0;
            double z = 0.0;
            for (const Led& led : lobe.leds) {
                lobeSlots.strips.push_back(led.strip);
                x += led.position.x;
                y += led.position.y;
                z += led.position.z;
            }
            const double n = std::max<double>(1.0, static_cast<double>(lobe.leds.size()));
            x /= n;
            y /= n;
            z /= n;
            double radius = 10.0;
            for (const Led& led : lobe.leds) {
                radius = std::max(
                    radius, std::hypot(led.position.x - x, led.position.y - y, led.position.z - z));
            }
            float* centre = &m_texels[4 * l];
            centre[0] = static_cast<float>(x);
            centre[1] = static_cast<float>(y);
            centre[2] = static_cast<float>(z);
            centre[3] = static_cast<float>(radius);
            m_lobes.push_back(std::move(lobeSlots));
        }
    }
    if (before != lobeCount()) {
        emit lobeCountChanged();
    }
    refreshLight();
}

void LobeLightTexture::refreshLight() {
    if (m_engine != nullptr) {
        const Frame& frame = m_engine->frame();
        for (std::size_t l = 0; l < m_lobes.size(); ++l) {
            float sum[3] = {0.0f, 0.0f, 0.0f};
            int lit = 0;
            for (const int strip : m_lobes[l].strips) {
                const std::size_t at = 3 * static_cast<std::size_t>(strip);
                if (at + 2 >= frame.rgb.size()) {
                    continue;
                }
                for (std::size_t c = 0; c < 3; ++c) {
                    sum[c] += static_cast<float>(frame.rgb[at + c]) / 255.0f;
                }
                lit += frame.rgb[at] + frame.rgb[at + 1] + frame.rgb[at + 2] > 0 ? 1 : 0;
            }
            const float n = std::max(1.0f, static_cast<float>(m_lobes[l].strips.size()));
            float* light = &m_texels[4 * (kMaxLobes + l)];
            light[0] = sum[0] / n;
            light[1] = sum[1] / n;
            light[2] = sum[2] / n;
            light[3] = static_cast<float>(lit) / n;
        }
    }
    setTextureData(QByteArray(reinterpret_cast<const char*>(m_texels.data()),
                              static_cast<qsizetype>(m_texels.size() * sizeof(float))));
}

QVector4D LobeLightTexture::lightOf(int lobe) const {
    if (lobe < 0 || lobe >= lobeCount()) {
        return {};
    }
    const float* light = &m_texels[4 * (kMaxLobes + static_cast<std::size_t>(lobe))];
    return {light[0], light[1], light[2], light[3]};
}

}  // namespace ossynapse

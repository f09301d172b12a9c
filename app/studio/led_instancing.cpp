#include "app/studio/led_instancing.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "app/studio/engine_binding.h"
#include "core/wiring.h"

namespace ossynapse {

LedInstancing::LedInstancing(QQuick3DObject* parent) : QQuick3DInstancing(parent) {}

void LedInstancing::setEngine(StudioEngine* engine) {
    if (!rebindEngine(this, m_engine, engine, [this](StudioEngine* bound) {
            connect(bound, &StudioEngine::frameChanged, this, &LedInstancing::refreshColors);
            connect(bound, &StudioEngine::rigChanged, this, &LedInstancing::rebuildLayout);
        })) {
        return;
    }
    rebuildLayout();
    emit engineChanged();
}

void LedInstancing::setWireView(bool wireView) {
    if (wireView != m_wireView) {
        m_wireView = wireView;
        refreshColors();
        emit wireViewChanged();
    }
}

void LedInstancing::setLedScale(float scale) {
    if (scale != m_ledScale) {
        m_ledScale = scale;
        m_dirty = true;
        markDirty();
        emit ledScaleChanged();
        emit drawnScaleChanged();
    }
}

void LedInstancing::setFloor(float floor) {
    if (floor != m_floor) {
        m_floor = floor;
        refreshColors();
        emit floorChanged();
    }
}

void LedInstancing::setSkipDark(bool skip) {
    if (skip != m_skipDark) {
        m_skipDark = skip;
        m_dirty = true;
        markDirty();
        emit skipDarkChanged();
    }
}

void LedInstancing::setSpacingScale(float scale) {
    if (scale != m_spacingScale) {
        m_spacingScale = scale;
        m_dirty = true;
        markDirty();
        emit spacingScaleChanged();
        emit drawnScaleChanged();
    }
}

float LedInstancing::drawnScale() const {
    return m_spacingScale > 0.0f && m_spacing > 0.0f
               ? std::min(m_ledScale, m_spacingScale * m_spacing)
               : m_ledScale;
}

namespace {

// The median distance from an LED to its nearest neighbour. Quadratic, once per rig change:
// 2,000 LEDs take a few milliseconds; past 4,000 a spread sample of 4,000 LEDs stands in.
float medianSpacing(const std::vector<QVector3D>& positions) {
    if (positions.size() < 2) {
        return 0.0f;
    }
    const std::size_t stride = positions.size() / 4000 + 1;
    std::vector<float> nearest;
    for (std::size_t i = 0; i < positions.size(); i += stride) {
        float best = std::numeric_limits<float>::max();
        for (std::size_t j = 0; j < positions.size(); ++j) {
            if (j != i) {
                best = std::min(best, (positions[i] - positions[j]).lengthSquared());
            }
        }
        nearest.push_back(best);
    }
    const auto middle = nearest.begin() + static_cast<std::ptrdiff_t>(nearest.size() / 2);
    std::nth_element(nearest.begin(), middle, nearest.end());
    return std::sqrt(*middle);
}

}  // namespace

void LedInstancing::rebuildLayout() {
    m_slots.clear();
    if (m_engine != nullptr) {
        for (const Lobe& lobe : m_engine->rig().lobes) {
            const Wire wire = wireOf(lobe);
            const QColor idle =
                QColor::fromRgbF(m_floor * lobe.color.r / 255.0f, m_floor * lobe.color.g / 255.0f,
                                 m_floor * lobe.color.b / 255.0f);
            for (const Led& led : lobe.leds) {
                // Skull space is millimetres with +z forward; the scene uses the same units.
                m_slots.push_back({QVector3D(static_cast<float>(led.position.x),
                                             static_cast<float>(led.position.y),
                                             static_cast<float>(led.position.z)),
                                   led.strip, wire, idle});
            }
        }
    }
    std::vector<QVector3D> positions;
    positions.reserve(m_slots.size());
    for (const Slot& slot : m_slots) {
        positions.push_back(slot.position);
    }
    m_spacing = medianSpacing(positions);
    emit drawnScaleChanged();
    m_colors.assign(m_slots.size(), QColor(Qt::black));
    refreshColors();
}

void LedInstancing::refreshColors() {
    if (m_engine == nullptr) {
        return;
    }
    const Frame& frame = m_engine->frame();
    // The frame holds what the LEDs are driven with: linear light after the engine's gamma.
    // A screen expects gamma-encoded values, so encode back (display gamma 2.2) to show each
    // LED as bright as it looks in the room.
    const auto display = [](float linear) {
        return std::pow(std::clamp(linear, 0.0f, 1.0f), 1.0f / 2.2f);
    };
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        const Slot& slot = m_slots[i];
        QColor lit;
        if (m_wireView) {
            std::size_t wire = 0;
            const float v = wireIndex(slot.wire, wire)
                                ? display(static_cast<float>(frame.wireDuty[wire]) / 65535.0f)
                                : 0.0f;
            lit = slot.wire == Wire::A ? QColor::fromRgbF(v, 0.12f * v, 0.08f * v)
                                       : QColor::fromRgbF(v, v, v);
        } else {
            const std::size_t at = 3 * static_cast<std::size_t>(slot.strip);
            if (at + 2 >= frame.rgb.size()) {
                continue;
            }
            lit = QColor::fromRgbF(display(frame.rgb[at] / 255.0f),
                                   display(frame.rgb[at + 1] / 255.0f),
                                   display(frame.rgb[at + 2] / 255.0f));
        }
        // An unlit LED still shows as a faint bead of its lobe's colour.
        const QColor& idle = slot.idleColor;
        m_colors[i] = QColor::fromRgbF(std::max(lit.redF(), idle.redF()),
                                       std::max(lit.greenF(), idle.greenF()),
                                       std::max(lit.blueF(), idle.blueF()));
    }
    m_dirty = true;
    markDirty();
}

QColor LedInstancing::colorAt(int led) const {
    return led >= 0 && static_cast<std::size_t>(led) < m_colors.size()
               ? m_colors[static_cast<std::size_t>(led)]
               : QColor();
}

QByteArray LedInstancing::getInstanceBuffer(int* instanceCount) {
    if (m_dirty) {
        m_buffer.resize(static_cast<qsizetype>(m_slots.size() * sizeof(InstanceTableEntry)));
        auto* entries = reinterpret_cast<InstanceTableEntry*>(m_buffer.data());
        const float radius = drawnScale();
        const QVector3D scale(radius, radius, radius);
        m_drawn = 0;
        for (std::size_t i = 0; i < m_slots.size(); ++i) {
            const QColor& color = m_colors[i];
            if (m_skipDark && color.red() == 0 && color.green() == 0 && color.blue() == 0) {
                continue;
            }
            entries[m_drawn++] =
                calculateTableEntry(m_slots[i].position, scale, QVector3D(), color);
        }
        m_buffer.resize(static_cast<qsizetype>(m_drawn * sizeof(InstanceTableEntry)));
        m_dirty = false;
    }
    if (instanceCount != nullptr) {
        *instanceCount = static_cast<int>(m_drawn);
    }
    return m_buffer;
}

}  // namespace ossynapse

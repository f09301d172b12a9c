#include "core/engine.h"

#include <algorithm>
#include <utility>

#include "core/wiring.h"

namespace ossynapse {

Engine::Engine(const Parameters& parameters, Rig rig)
    : m_parameters(parameters),
      m_rig(std::move(rig)),
      m_gamma(parameters.gamma),
      m_channels{ChannelState{RateMeter(parameters), Ewma(parameters.reasoningEwmaTauS)},
                 ChannelState{RateMeter(parameters), Ewma(parameters.completionEwmaTauS)}} {
    m_parameters.validate();
    m_rig.validate();
    rebuildLedSlots();
}

void Engine::setParameters(const Parameters& parameters) {
    parameters.validate();
    applyParameters(parameters);
}

void Engine::pushParameters(double t, const Parameters& parameters) {
    parameters.validate();
    const double stamped = std::max({t, m_lastEventT, m_lastTickT});
    m_lastEventT = stamped;
    m_pendingParameters.push_back({stamped, parameters, m_arrivalsPushed});
}

void Engine::applyParameters(const Parameters& parameters) {
    m_parameters = parameters;
    if (m_gamma.gamma() != parameters.gamma) {
        m_gamma = GammaTable(parameters.gamma);
    }
    for (Channel channel : kChannels) {
        ChannelState& state = m_channels[index(channel)];
        state.meter.configure(parameters);
        state.ewma.setTau(parameters.ewmaTauS(channel));
    }
}

void Engine::setRig(Rig rig) {
    rig.validate();
    m_rig = std::move(rig);
    rebuildLedSlots();
}

void Engine::rebuildLedSlots() {
    m_ledSlots.clear();
    for (std::size_t lobe = 0; lobe < m_rig.lobes.size(); ++lobe) {
        const Lobe& l = m_rig.lobes[lobe];
        // Each LED's place for the lobe's effect: its rank on the strip, or its height.
        std::vector<double> places(l.leds.size(), 0.0);
        if (l.effect.along == EffectAxis::Strip) {
            for (std::size_t i = 0; i < l.leds.size(); ++i) {
                std::size_t rank = 0;
                for (const Led& other : l.leds) {
                    rank += other.strip < l.leds[i].strip ? 1 : 0;
                }
                places[i] = l.leds.size() > 1
                                ? static_cast<double>(rank) / static_cast<double>(l.leds.size() - 1)
                                : 0.0;
            }
        } else if (!l.leds.empty()) {
            double low = l.leds.front().position.y;
            double high = low;
            for (const Led& led : l.leds) {
                low = std::min(low, led.position.y);
                high = std::max(high, led.position.y);
            }
            for (std::size_t i = 0; i < l.leds.size(); ++i) {
                places[i] = high > low ? (l.leds[i].position.y - low) / (high - low) : 0.0;
            }
        }
        for (std::size_t i = 0; i < l.leds.size(); ++i) {
            m_ledSlots.push_back({lobe, 3 * static_cast<std::size_t>(l.leds[i].strip), places[i],
                                  (static_cast<std::uint64_t>(lobe) << 32) | i});
        }
    }
    m_lobeBytes.assign(m_rig.lobes.size(), {0, 0, 0});
    m_layerLights.setRig(m_rig);
}

void Engine::push(const TokenEvent& event) {
    push(event.t, event.channel, event.tokens);
}

void Engine::push(double t, Channel channel, int tokens) {
    if (tokens <= 0) {
        return;
    }
    const double stamped = std::max({t, m_lastEventT, m_lastTickT});
    m_lastEventT = stamped;
    m_pending.push_back({stamped, channel, tokens});
    ++m_arrivalsPushed;
}

void Engine::push(const TelemetryMessage& message) {
    if (!std::holds_alternative<ModelMeta>(message) &&
        !std::holds_alternative<SummaryBatch>(message) &&
        !std::holds_alternative<TrainingStep>(message)) {
        return;
    }
    const double stamped = std::max({messageTime(message), m_lastEventT, m_lastTickT});
    m_lastEventT = stamped;
    m_pendingTelemetry.emplace_back(stamped, message);
}

void Engine::advanceChannel(ChannelState& state, double target) {
    while (state.now < target) {
        const double rate = state.meter.rate(state.now);
        const double segmentEnd = std::min(target, state.meter.nextChangeAfter(state.now));
        state.ewma.advance(segmentEnd - state.now, rate);
        state.now = segmentEnd;
    }
    // A channel that goes idle exactly at `target` snaps to zero now, not one segment later.
    state.ewma.advance(0.0, state.meter.rate(target));
}

void Engine::advanceTo(double t) {
    // Arrivals and parameter changes in push order (their stamps never decrease in it).
    while (true) {
        if (!m_pendingParameters.empty() &&
            m_pendingParameters.front().arrivalsBefore == m_arrivalsApplied &&
            m_pendingParameters.front().t <= t) {
            const PendingParameters change = std::move(m_pendingParameters.front());
            m_pendingParameters.pop_front();
            for (ChannelState& state : m_channels) {
                advanceChannel(state, change.t);
            }
            applyParameters(change.parameters);
            continue;
        }
        if (m_pending.empty() || m_pending.front().t > t) {
            break;
        }
        const PendingArrival arrival = m_pending.front();
        m_pending.pop_front();
        ++m_arrivalsApplied;
        for (ChannelState& state : m_channels) {
            advanceChannel(state, arrival.t);
        }
        ChannelState& target = m_channels[index(arrival.channel)];
        target.meter.add(arrival.t, arrival.tokens);
    }
    for (ChannelState& state : m_channels) {
        advanceChannel(state, t);
    }
    // Layer lights hold between batches, so only the order of batches matters, not the ticks.
    while (!m_pendingTelemetry.empty() && m_pendingTelemetry.front().first <= t) {
        auto [stamped, message] = std::move(m_pendingTelemetry.front());
        m_pendingTelemetry.pop_front();
        if (auto* meta = std::get_if<ModelMeta>(&message)) {
            m_layerLights.apply(*meta);
        } else if (auto* batch = std::get_if<SummaryBatch>(&message)) {
            batch->t = stamped;
            m_layerLights.apply(*batch);
        } else if (auto* step = std::get_if<TrainingStep>(&message)) {
            step->t = stamped;
            m_layerLights.apply(*step);
        }
    }
}

void Engine::tick(double t, Frame& frame) {
    t = std::max(t, m_lastTickT);
    m_lastTickT = t;
    advanceTo(t);

    const Parameters& p = m_parameters;
    frame.t = t;
    double maxSmoothed = 0.0;
    for (Channel channel : kChannels) {
        ChannelState& state = m_channels[index(channel)];
        ChannelReading& reading = frame.channels[index(channel)];
        reading.rate = state.meter.rate(t);
        reading.smoothedRate = state.ewma.value();
        reading.level = intensity(reading.smoothedRate, p.intensityCeilingTps);
        reading.pattern = selectPattern(state.meter.idle(t), reading.smoothedRate, p);
        reading.duty = channelDuty(channel, reading.pattern, reading.level, t, p);
        maxSmoothed = std::max(maxSmoothed, reading.smoothedRate);
    }
    frame.burstAccent = burstAccent(maxSmoothed, t, p);
    for (Channel channel : kChannels) {
        ChannelReading& reading = frame.channels[index(channel)];
        reading.duty = std::min(1.0, reading.duty + frame.burstAccent);
    }

    // The wires follow core/wiring.h's rule, the brightest LED on each wire, computed here at
    // 16 bits from the same linear light that gives the LED bytes.
    std::array<double, kWireCount> wireLinear{};
    frame.lobeLevel.resize(m_rig.lobes.size());
    for (std::size_t lobe = 0; lobe < m_rig.lobes.size(); ++lobe) {
        const Lobe& l = m_rig.lobes[lobe];
        const double value = p.masterBrightness * metricValue(lobe, frame);
        frame.lobeLevel[lobe] = value;
        m_lobeBytes[lobe] = {m_gamma.toByte(value * (l.color.r / 255.0)),
                             m_gamma.toByte(value * (l.color.g / 255.0)),
                             m_gamma.toByte(value * (l.color.b / 255.0))};
    }
    frame.rgb.resize(3 * m_ledSlots.size());
    // The wire a lobe hangs on is driven by its brightest LED: the lobe's level, or less
    // where an effect leaves every LED below full this frame.
    std::vector<double>& brightestGain = m_brightestGain;
    brightestGain.assign(m_rig.lobes.size(), 0.0);
    for (const LedSlot& slot : m_ledSlots) {
        const Lobe& l = m_rig.lobes[slot.lobe];
        auto out = frame.rgb.begin() + static_cast<std::ptrdiff_t>(slot.stripOffset);
        if (l.effect.kind == EffectKind::None) {
            const auto& bytes = m_lobeBytes[slot.lobe];
            std::copy(bytes.begin(), bytes.end(), out);
            brightestGain[slot.lobe] = 1.0;
            continue;
        }
        const double gain = effectGain(l.effect, slot.place, t, slot.seed);
        const double value = frame.lobeLevel[slot.lobe] * gain;
        out[0] = m_gamma.toByte(value * (l.color.r / 255.0));
        out[1] = m_gamma.toByte(value * (l.color.g / 255.0));
        out[2] = m_gamma.toByte(value * (l.color.b / 255.0));
        brightestGain[slot.lobe] = std::max(brightestGain[slot.lobe], gain);
    }
    for (std::size_t lobe = 0; lobe < m_rig.lobes.size(); ++lobe) {
        const Lobe& l = m_rig.lobes[lobe];
        std::size_t wire = 0;
        if (!l.leds.empty() && wireIndex(wireOf(l), wire)) {
            const double brightest = std::max({l.color.r, l.color.g, l.color.b}) / 255.0;
            wireLinear[wire] =
                std::max(wireLinear[wire], frame.lobeLevel[lobe] * brightestGain[lobe] * brightest);
        }
    }
    for (std::size_t wire = 0; wire < kWireCount; ++wire) {
        frame.wireDuty[wire] = m_gamma.toDuty16(wireLinear[wire]);
    }
}

Frame Engine::tick(double t) {
    Frame frame;
    tick(t, frame);
    return frame;
}

double Engine::metricValue(std::size_t lobe, const Frame& frame) const {
    const ChannelReading& reasoning = frame.channel(Channel::Reasoning);
    const ChannelReading& completion = frame.channel(Channel::Completion);
    switch (m_rig.lobes[lobe].metric) {
        case Metric::Reasoning:
            return reasoning.duty;
        case Metric::Completion:
            return completion.duty;
        case Metric::Activity:
            return std::max(reasoning.duty, completion.duty);
        case Metric::Burst:
            return m_parameters.heartbeatAccentDepth > 0.0
                       ? frame.burstAccent / m_parameters.heartbeatAccentDepth
                       : 0.0;
        case Metric::ReasoningLevel:
            return reasoning.level;
        case Metric::CompletionLevel:
            return completion.level;
        case Metric::Layers:
            return m_layerLights.level(lobe, frame.t);
    }
    return 0.0;
}

void Engine::reset() {
    for (Channel channel : kChannels) {
        ChannelState& state = m_channels[index(channel)];
        state.meter.reset();
        state.ewma.reset();
        state.now = 0.0;
    }
    m_pending.clear();
    m_pendingParameters.clear();
    m_arrivalsPushed = 0;
    m_arrivalsApplied = 0;
    m_pendingTelemetry.clear();
    m_layerLights.reset();
    m_lastEventT = 0.0;
    m_lastTickT = 0.0;
}

}  // namespace ossynapse

#pragma once

#include <array>
#include <deque>
#include <vector>

#include "core/ewma.h"
#include "core/frame.h"
#include "core/gamma_table.h"
#include "core/layer_lights.h"
#include "core/parameters.h"
#include "core/rate_meter.h"
#include "core/rig.h"
#include "core/token_event.h"

namespace ossynapse {

// The light engine: token events in, frames out, a deterministic function of the events,
// the parameters and the tick times. It owns no clock: the caller says what time it is.
//
// Between ticks every channel's rate is integrated exactly through each arrival and each
// window or idle change, so the frames at a given time do not depend on how often tick() was
// called before it.
class Engine {
  public:
    explicit Engine(const Parameters& parameters = {}, Rig rig = Rig::defaultSkull());

    // Both validate and throw InputError; a change applies from the next tick on.
    void setParameters(const Parameters& parameters);
    // A control change at time t (a recording's params record): validated now (InputError),
    // applied exactly at t, between the events before and after it in push order, so the
    // frames do not depend on the ticks around it. Stamped like token events.
    void pushParameters(double t, const Parameters& parameters);
    void setRig(Rig rig);
    const Parameters& parameters() const { return m_parameters; }
    const Rig& rig() const { return m_rig; }

    // Events are applied in the order given. An event stamped before the last tick (or before
    // the previous event) is taken as arriving at that later time: time never runs backwards.
    void push(const TokenEvent& event);
    void push(double t, Channel channel, int tokens);
    // Telemetry from a tap: model meta, summary batches and training steps light lobes bound
    // to layers; the other messages are not light and are ignored here. Stamped
    // like token events.
    void push(const TelemetryMessage& message);
    // Fraction of silent steps of a spiking lobe so far; -1 for a lobe that does not spike.
    double lobeSparsity(std::size_t lobe) const { return m_layerLights.sparsity(lobe); }

    // Advances to time t (never backwards) and writes the frame for that moment.
    void tick(double t, Frame& frame);
    Frame tick(double t);

    // Back to the state before the first event; parameters and rig stay.
    void reset();

  private:
    struct PendingArrival {
        double t;
        Channel channel;
        int tokens;
    };
    struct PendingParameters {
        double t;
        Parameters parameters;
        std::uint64_t arrivalsBefore;  // arrivals pushed before it, applied before it
    };
    struct ChannelState {
        RateMeter meter;
        Ewma ewma;
        double now = 0.0;
    };
    struct LedSlot {
        std::size_t lobe;
        std::size_t stripOffset;  // 3 * strip index
        double place = 0.0;       // 0-1 within its lobe, along the lobe effect's axis
        std::uint64_t seed = 0;   // tells LEDs apart for a sparkle
    };

    void applyParameters(const Parameters& parameters);
    void advanceChannel(ChannelState& state, double target);
    void advanceTo(double t);
    void rebuildLedSlots();
    double metricValue(std::size_t lobe, const Frame& frame) const;

    Parameters m_parameters;
    Rig m_rig;
    GammaTable m_gamma;
    std::array<ChannelState, kChannelCount> m_channels;
    std::deque<PendingArrival> m_pending;
    std::deque<PendingParameters> m_pendingParameters;
    std::uint64_t m_arrivalsPushed = 0;
    std::uint64_t m_arrivalsApplied = 0;
    std::deque<std::pair<double, TelemetryMessage>> m_pendingTelemetry;
    LayerLights m_layerLights;
    double m_lastEventT = 0.0;
    double m_lastTickT = 0.0;
    std::vector<LedSlot> m_ledSlots;
    std::vector<std::array<std::uint8_t, 3>> m_lobeBytes;
    std::vector<double> m_brightestGain;  // per lobe, this tick; kept to spare an allocation
};

}  // namespace ossynapse

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/session.h"
#include "core/telemetry.h"

namespace ossynapse {

// Plausible telemetry without a model, for previz and tests, after seed 003's simulator: a
// stack of transformer blocks whose residual norms grow with depth, swell and ebb as the
// "model" moves through a sentence, with attention entropy that narrows on content words.
// Same settings and step give the same batch on every machine.
struct TelemetrySimulation {
    std::uint32_t layers = 24;
    double hz = 10.0;  // summary batches a second
    std::uint64_t seed = 1;
    std::string model = "simulated 24-layer transformer";
    // Sparse activations of one layer beside the summaries: its `sparseK` strongest values
    // each step (none when sparseLayer is empty).
    std::optional<std::uint32_t> sparseLayer;
    std::uint32_t sparseK = 24;
};

class TelemetrySimulator {
  public:
    explicit TelemetrySimulator(TelemetrySimulation settings);

    ModelMeta meta() const;
    // The batch for step k, at time k / hz.
    SummaryBatch batch(std::uint32_t step) const;
    // The strongest activations of `layer` at step k: a few features that drift slowly through
    // the layer's width, as a topic would, over scattered noise.
    SparseActivations sparse(std::uint32_t step, std::uint32_t layer, std::uint32_t k) const;

  private:
    TelemetrySimulation m_settings;
};

// Adds the simulator's meta and a batch every 1 / hz seconds over the whole session, and says
// so in the header's source; a header rig that is the default skull becomes the telemetry
// skull.
void addSimulatedTelemetry(Session& session, const TelemetrySimulation& settings);

}  // namespace ossynapse

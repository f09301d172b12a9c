#pragma once

#include <cstdint>
#include <vector>

#include "core/rig.h"
#include "core/spike_encoding.h"
#include "core/telemetry.h"

namespace ossynapse {

// The light of lobes bound to layers: each summary batch (or, for the gradient and weight
// change statistics, each training step) sets every bound lobe's level from its layer group's
// statistic (or fires its spike), held until the next batch; with no batch
// for kHoldS the lobes go dark, as token lobes do when tokens stop. Deterministic: a function of
// the batches applied, in order.
class LayerLights {
  public:
    static constexpr double kHoldS = 1.0;
    // Gradient and weight-change lobes are scaled by a peak that decays with this time
    // constant, not by the session's highest value: gradients fall by orders of magnitude in
    // the first steps, and a session peak left the lobe at a few percent for the rest of
    // training (found by a newcomer's trial).
    static constexpr double kTrainingPeakTauS = 10.0;

    void setRig(const Rig& rig);
    void apply(const ModelMeta& meta);
    void apply(const SummaryBatch& batch);
    void apply(const TrainingStep& step);
    void reset();

    // 0..1 for lobe `lobe` at time t (not before the last batch applied).
    double level(std::size_t lobe, double t) const;
    // Fraction of steps without a spike so far, for lobes that spike; -1 for the others.
    double sparsity(std::size_t lobe) const;
    std::uint32_t layerCount() const { return m_layerCount; }

  private:
    struct LobeState {
        bool bound = false;
        LayerBinding binding;
        SpikeEncoder encoder{SpikeSettings{}};
        double peak = 0.0;
        double peakT = 0.0;  // when `peak` was last brought up to date
        double level = 0.0;
        std::uint64_t steps = 0;
        std::uint64_t silent = 0;
    };

    static bool followsTraining(LayerStat stat);
    // t: the message's time; decayPeak: the peak decays (training statistics).
    static void show(LobeState& lobe, double sum, int count, double t, bool decayPeak);
    bool inGroup(const LayerBinding& binding, std::uint32_t layer) const;
    double statistic(const LayerSummary& summary, LayerStat stat);

    std::vector<LobeState> m_lobes;
    std::uint32_t m_layerCount = 0;  // from the model meta, else grown from the layers seen
    std::vector<float> m_previousNorm;
    double m_lastBatchT = -1.0;
};

}  // namespace ossynapse

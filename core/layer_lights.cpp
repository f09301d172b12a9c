#include "core/layer_lights.h"

#include <algorithm>
#include <cmath>

namespace ossynapse {

void LayerLights::setRig(const Rig& rig) {
    m_lobes.assign(rig.lobes.size(), LobeState{});
    for (std::size_t i = 0; i < rig.lobes.size(); ++i) {
        const Lobe& lobe = rig.lobes[i];
        m_lobes[i].bound = lobe.metric == Metric::Layers;
        m_lobes[i].binding = lobe.layers;
        if (lobe.layers.spikes) {
            m_lobes[i].encoder = SpikeEncoder(*lobe.layers.spikes);
        }
    }
}

void LayerLights::reset() {
    for (LobeState& lobe : m_lobes) {
        lobe.encoder.reset();
        lobe.peak = 0.0;
        lobe.peakT = 0.0;
        lobe.level = 0.0;
        lobe.steps = 0;
        lobe.silent = 0;
    }
    m_layerCount = 0;
    m_previousNorm.clear();
    m_lastBatchT = -1.0;
}

void LayerLights::apply(const ModelMeta& meta) {
    std::uint32_t count = 0;
    for (const LayerInfo& layer : meta.layers) {
        count = std::max(count, layer.index + 1);
    }
    m_layerCount = count;
}

bool LayerLights::inGroup(const LayerBinding& binding, std::uint32_t layer) const {
    const double depth = (static_cast<double>(layer) + 0.5) / static_cast<double>(m_layerCount);
    return depth >= binding.depthFrom && (depth < binding.depthTo || binding.depthTo >= 1.0);
}

double LayerLights::statistic(const LayerSummary& summary, LayerStat stat) {
    switch (stat) {
        case LayerStat::Norm:
            return summary.l2;
        case LayerStat::Entropy:
            return summary.entropy;
        case LayerStat::Max:
            return summary.max;
        case LayerStat::Gradient:
        case LayerStat::WeightChange:
            return std::nan("");  // training messages carry these, not summaries
        case LayerStat::Change: {
            const float previous = summary.layer < m_previousNorm.size()
                                       ? m_previousNorm[summary.layer]
                                       : std::nanf("");
            return std::isnan(previous) ? std::nan("") : std::abs(summary.l2 - previous);
        }
    }
    return std::nan("");
}

bool LayerLights::followsTraining(LayerStat stat) {
    return stat == LayerStat::Gradient || stat == LayerStat::WeightChange;
}

void LayerLights::show(LobeState& lobe, double sum, int count, double t, bool decayPeak) {
    // Scaled by the group's highest value so far (decaying, for training statistics): models
    // differ by orders of magnitude.
    double level = 0.0;
    if (count > 0) {
        const double value = sum / count;
        if (decayPeak && t > lobe.peakT) {
            lobe.peak *= std::exp(-(t - lobe.peakT) / kTrainingPeakTauS);
        }
        lobe.peakT = std::max(lobe.peakT, t);
        lobe.peak = std::max(lobe.peak, value);
        level = lobe.peak > 0.0 ? value / lobe.peak : 0.0;
    }
    if (lobe.binding.spikes) {
        const std::int8_t spike = lobe.encoder.step(static_cast<float>(level));
        level = spike != 0 ? 1.0 : 0.0;
        ++lobe.steps;
        lobe.silent += spike == 0 ? 1 : 0;
    }
    lobe.level = level;
}

void LayerLights::apply(const SummaryBatch& batch) {
    for (const LayerSummary& summary : batch.layers) {
        m_layerCount = std::max(m_layerCount, summary.layer + 1);
    }
    if (m_layerCount == 0) {
        return;
    }
    for (LobeState& lobe : m_lobes) {
        if (!lobe.bound || followsTraining(lobe.binding.stat)) {
            continue;
        }
        double sum = 0.0;
        int count = 0;
        for (const LayerSummary& summary : batch.layers) {
            if (!inGroup(lobe.binding, summary.layer)) {
                continue;
            }
            const double value = statistic(summary, lobe.binding.stat);
            if (std::isfinite(value)) {
                sum += std::abs(value);
                ++count;
            }
        }
        show(lobe, sum, count, batch.t, false);
    }
    // Remember norms after every lobe has read the old ones.
    for (const LayerSummary& summary : batch.layers) {
        if (summary.layer >= m_previousNorm.size()) {
            m_previousNorm.resize(summary.layer + 1, std::nanf(""));
        }
        m_previousNorm[summary.layer] = summary.l2;
    }
    m_lastBatchT = batch.t;
}

void LayerLights::apply(const TrainingStep& step) {
    for (const BlockLearning& block : step.layers) {
        m_layerCount = std::max<std::uint32_t>(m_layerCount, block.layer + 1u);
    }
    if (m_layerCount == 0) {
        return;
    }
    for (LobeState& lobe : m_lobes) {
        if (!lobe.bound || !followsTraining(lobe.binding.stat)) {
            continue;
        }
        double sum = 0.0;
        int count = 0;
        for (const BlockLearning& block : step.layers) {
            const double value =
                lobe.binding.stat == LayerStat::Gradient ? block.gradientNorm : block.weightChange;
            if (inGroup(lobe.binding, block.layer) && std::isfinite(value)) {
                sum += std::abs(value);
                ++count;
            }
        }
        show(lobe, sum, count, step.t, true);
    }
    m_lastBatchT = step.t;
}

double LayerLights::level(std::size_t lobe, double t) const {
    if (lobe >= m_lobes.size() || m_lastBatchT < 0.0 || t - m_lastBatchT > kHoldS) {
        return 0.0;
    }
    return m_lobes[lobe].level;
}

double LayerLights::sparsity(std::size_t lobe) const {
    if (lobe >= m_lobes.size() || !m_lobes[lobe].binding.spikes || !m_lobes[lobe].bound) {
        return -1.0;
    }
    const LobeState& state = m_lobes[lobe];
    return state.steps == 0 ? 0.0
                            : static_cast<double>(state.silent) / static_cast<double>(state.steps);
}

}  // namespace ossynapse

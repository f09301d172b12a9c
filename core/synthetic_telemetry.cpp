#include "core/synthetic_telemetry.h"

#include <algorithm>
#include <cmath>

#include "core/det_math.h"
#include "core/split_mix.h"

namespace ossynapse {

TelemetrySimulator::TelemetrySimulator(TelemetrySimulation settings)
    : m_settings(std::move(settings)) {
    m_settings.layers = std::max<std::uint32_t>(1, m_settings.layers);
    m_settings.hz = m_settings.hz > 0.0 ? m_settings.hz : 10.0;
}

ModelMeta TelemetrySimulator::meta() const {
    ModelMeta meta;
    meta.name = m_settings.model;
    for (std::uint32_t i = 0; i < m_settings.layers; ++i) {
        meta.layers.push_back({i, BlockKind::Residual, 2880});
    }
    return meta;
}

SummaryBatch TelemetrySimulator::batch(std::uint32_t step) const {
    SummaryBatch batch;
    batch.t = static_cast<double>(step) / m_settings.hz;
    batch.step = step;
    const double layers = static_cast<double>(m_settings.layers);
    for (std::uint32_t i = 0; i < m_settings.layers; ++i) {
        // Noise keyed by (seed, step, layer): any batch can be made on its own, in any order.
        SplitMix random(m_settings.seed * 0x100000001B3ULL ^ (std::uint64_t{step} << 20) ^ i);
        const double depth = (static_cast<double>(i) + 0.5) / layers;
        // A "sentence" wave travels from the first layers to the last, a few a second.
        const double wave = 0.5 + 0.5 * det::sinTurns(batch.t * 0.35 - depth * 0.8);
        const double phrase = 0.5 + 0.5 * det::sinTurns(batch.t * 0.07 + depth * 0.3);
        const double norm =
            (12.0 + 60.0 * depth) * (0.55 + 0.45 * wave * phrase) * (0.9 + 0.2 * random.unit());
        LayerSummary summary;
        summary.layer = i;
        summary.kind = BlockKind::Residual;
        summary.l2 = static_cast<float>(norm);
        summary.mean = static_cast<float>(0.02 * (random.unit() - 0.5));
        summary.max = static_cast<float>(norm / 18.0 * (1.0 + random.unit()));
        summary.entropy = static_cast<float>(3.2 - 1.8 * wave + 0.2 * random.unit());
        batch.layers.push_back(summary);
    }
    return batch;
}

SparseActivations TelemetrySimulator::sparse(std::uint32_t step,
                                             std::uint32_t layer,
                                             std::uint32_t k) const {
    constexpr std::uint32_t kWidth = 2880;
    SparseActivations result;
    result.t = static_cast<double>(step) / m_settings.hz;
    result.layer = layer;
    SplitMix random(m_settings.seed * 0x9E3779B1ULL ^ (std::uint64_t{step} << 24) ^ layer);
    for (std::uint32_t i = 0; i < k; ++i) {
        std::uint32_t index = 0;
        double value = 0.0;
        if (i % 3 != 2) {
            // One of four features, each a narrow band that wanders across the width.
            const std::uint32_t feature = i % 4;
            const double centre =
                0.5 + 0.4 * det::sinTurns(result.t * 0.05 * (feature + 1) + 0.25 * feature);
            const double spread = 0.01 * (random.unit() - 0.5);
            index = static_cast<std::uint32_t>((centre + spread) * (kWidth - 1));
            value = 2.0 + 2.0 * random.unit();
        } else {
            index = static_cast<std::uint32_t>(random.below(kWidth));
            value = 1.0 + random.unit();
        }
        result.indices.push_back(index);
        result.values.push_back(static_cast<float>(value));
    }
    return result;
}

void addSimulatedTelemetry(Session& session, const TelemetrySimulation& settings) {
    const TelemetrySimulator simulator(settings);
    std::vector<TelemetryMessage> telemetry;
    telemetry.emplace_back(std::in_place_type<ModelMeta>, simulator.meta());
    const double duration = session.duration();
    for (std::uint32_t step = 0; static_cast<double>(step) / settings.hz <= duration; ++step) {
        telemetry.emplace_back(std::in_place_type<SummaryBatch>, simulator.batch(step));
        if (settings.sparseLayer) {
            telemetry.emplace_back(std::in_place_type<SparseActivations>,
                                   simulator.sparse(step, *settings.sparseLayer, settings.sparseK));
        }
    }
    session.telemetry = std::move(telemetry);
    session.header.source["telemetry"] = {{"generator", "simulated"},
                                          {"layers", settings.layers},
                                          {"hz", settings.hz},
                                          {"seed", settings.seed}};
    if (settings.sparseLayer) {
        session.header.source["telemetry"]["sparse_layer"] = *settings.sparseLayer;
        session.header.source["telemetry"]["sparse_k"] = settings.sparseK;
    }
    // Shown lit from inside the model, as the studio shows a session with telemetry.
    if (session.header.rig == Rig::defaultSkull()) {
        session.header.rig = Rig::telemetrySkull();
    }
}

}  // namespace ossynapse

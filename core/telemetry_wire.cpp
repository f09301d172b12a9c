#include "core/telemetry_wire.h"

#include <cmath>

#include "core/byte_io.h"
#include "core/error.h"
#include "core/half_float.h"
#include "core/training_wire.h"

namespace ossynapse::telemetry_wire {
namespace {

constexpr std::uint8_t kMagic[4] = {'O', 'S', 'T', 'M'};
constexpr std::size_t kLayerInfoBytes = 12;
constexpr std::size_t kSummaryBytes = 12;
constexpr std::size_t kSparseEntryBytes = 6;

void encodePayload(ByteWriter& out, const ModelMeta& meta) {
    out.f64(meta.t);
    out.u16(static_cast<std::uint16_t>(meta.name.size()));
    out.raw({reinterpret_cast<const std::uint8_t*>(meta.name.data()), meta.name.size()});
    out.u32(static_cast<std::uint32_t>(meta.layers.size()));
    for (const LayerInfo& layer : meta.layers) {
        out.u32(layer.index);
        out.u8(static_cast<std::uint8_t>(layer.kind));
        out.u8(0);
        out.u16(0);
        out.u32(layer.width);
    }
}

void encodePayload(ByteWriter& out, const SummaryBatch& batch) {
    out.f64(batch.t);
    out.u32(batch.step);
    out.u32(batch.stepCount);
    out.u32(static_cast<std::uint32_t>(batch.layers.size()));
    for (const LayerSummary& layer : batch.layers) {
        out.u16(static_cast<std::uint16_t>(layer.layer));
        out.u8(static_cast<std::uint8_t>(layer.kind));
        out.u8(0);
        for (float value : {layer.mean, layer.max, layer.l2, layer.entropy}) {
            out.u16(half::fromFloat(value));
        }
    }
}

void encodePayload(ByteWriter& out, const SparseActivations& sparse) {
    out.f64(sparse.t);
    out.u32(sparse.layer);
    const std::size_t count = std::min(sparse.indices.size(), sparse.values.size());
    out.u32(static_cast<std::uint32_t>(count));
    for (std::size_t i = 0; i < count; ++i) {
        out.u32(sparse.indices[i]);
        out.u16(half::fromFloat(sparse.values[i]));
    }
}

void encodePayload(ByteWriter& out, const ControlMessage& control) {
    out.u16(static_cast<std::uint16_t>(control.op));
    out.u16(0);
    out.f32(control.value);
}

template <typename T>
constexpr Type typeOf() {
    if constexpr (std::is_same_v<T, ModelMeta>) {
        return Type::ModelMeta;
    } else if constexpr (std::is_same_v<T, SummaryBatch>) {
        return Type::SummaryBatch;
    } else if constexpr (std::is_same_v<T, SparseActivations>) {
        return Type::Sparse;
    } else if constexpr (std::is_same_v<T, ControlMessage>) {
        return Type::Control;
    } else if constexpr (std::is_same_v<T, WeightMatrix>) {
        return Type::WeightMatrix;
    } else if constexpr (std::is_same_v<T, TrainingStep>) {
        return Type::TrainingStep;
    } else if constexpr (std::is_same_v<T, AttentionPattern>) {
        return Type::AttentionPattern;
    } else {
        static_assert(std::is_same_v<T, SampledText>);
        return Type::SampledText;
    }
}

bool validTime(double t) {
    return std::isfinite(t) && t >= 0.0;
}

std::optional<BlockKind> kindFrom(std::uint8_t value) {
    return value <= static_cast<std::uint8_t>(BlockKind::Residual)
               ? std::optional(static_cast<BlockKind>(value))
               : std::nullopt;
}

// Each decodeX returns the message or sets `why`.
std::optional<TelemetryMessage> decodeMeta(ByteReader& in, std::string& why) {
    ModelMeta meta;
    meta.t = in.f64();
    meta.name = in.text(in.u16());
    const std::uint32_t count = in.u32();
    if (in.failed || count > kMaxLayers || in.remaining() != count * kLayerInfoBytes) {
        why = "model meta: the layer count does not match the payload";
        return std::nullopt;
    }
    for (std::uint32_t i = 0; i < count; ++i) {
        LayerInfo layer;
        layer.index = in.u32();
        const auto kind = kindFrom(in.u8());
        in.skip(3);
        layer.width = in.u32();
        if (!kind) {
            why = "model meta: layer " + std::to_string(layer.index) + " has an unknown kind";
            return std::nullopt;
        }
        layer.kind = *kind;
        meta.layers.push_back(layer);
    }
    if (!validTime(meta.t)) {
        why = "model meta: the time is not a finite, non-negative number";
        return std::nullopt;
    }
    return meta;
}

std::optional<TelemetryMessage> decodeSummary(ByteReader& in, std::string& why) {
    SummaryBatch batch;
    batch.t = in.f64();
    batch.step = in.u32();
    batch.stepCount = in.u32();
    const std::uint32_t count = in.u32();
    if (in.failed || count > kMaxLayers || in.remaining() != count * kSummaryBytes) {
        why = "summary batch: the layer count does not match the payload";
        return std::nullopt;
    }
    if (!validTime(batch.t) || batch.stepCount == 0) {
        why = "summary batch: bad time or an empty step range";
        return std::nullopt;
    }
    batch.layers.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        LayerSummary layer;
        layer.layer = in.u16();
        const auto kind = kindFrom(in.u8());
        in.skip(1);
        layer.mean = half::toFloat(in.u16());
        layer.max = half::toFloat(in.u16());
        layer.l2 = half::toFloat(in.u16());
        layer.entropy = half::toFloat(in.u16());
        if (!kind) {
            why = "summary batch: layer " + std::to_string(layer.layer) + " has an unknown kind";
            return std::nullopt;
        }
        layer.kind = *kind;
        batch.layers.push_back(layer);
    }
    return batch;
}

std::optional<TelemetryMessage> decodeSparse(ByteReader& in, std::string& why) {
    SparseActivations sparse;
    sparse.t = in.f64();
    sparse.layer = in.u32();
    const std::uint32_t count = in.u32();
    if (in.failed || in.remaining() != std::size_t(count) * kSparseEntryBytes) {
        why = "sparse activations: the entry count does not match the payload";
        return std::nullopt;
    }
    if (!validTime(sparse.t)) {
        why = "sparse activations: the time is not a finite, non-negative number";
        return std::nullopt;
    }
    sparse.indices.reserve(count);
    sparse.values.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        sparse.indices.push_back(in.u32());
        sparse.values.push_back(half::toFloat(in.u16()));
    }
    return sparse;
}

std::optional<TelemetryMessage> decodeControl(ByteReader& in, std::string& why) {
    ControlMessage control;
    const std::uint16_t op = in.u16();
    in.skip(2);
    control.value = in.f32();
    if (in.failed || in.remaining() != 0) {
        why = "control: the payload is not 8 bytes";
        return std::nullopt;
    }
    if (op != 1 && op != 2 && op != 100) {
        why = "control: unknown operation " + std::to_string(op);
        return std::nullopt;
    }
    control.op = static_cast<ControlMessage::Op>(op);
    return control;
}

using training::encodePayload;

}  // namespace

std::vector<std::uint8_t> encode(const TelemetryMessage& message) {
    ByteWriter payload;
    Type type{};
    std::visit(
        [&](const auto& m) {
            encodePayload(payload, m);
            type = typeOf<std::decay_t<decltype(m)>>();
        },
        message);
    ByteWriter out;
    out.raw(kMagic);
    out.u8(kVersion);
    out.u8(static_cast<std::uint8_t>(type));
    out.u16(0);
    out.u32(static_cast<std::uint32_t>(payload.bytes.size()));
    out.raw(payload.bytes);
    return out.bytes;
}

std::optional<TelemetryMessage> decode(std::span<const std::uint8_t> bytes, std::string* error) {
    std::string why;
    const auto result = [&]() -> std::optional<TelemetryMessage> {
        if (bytes.size() < kHeaderBytes || !std::equal(kMagic, kMagic + 4, bytes.begin())) {
            why = "not an OSSynapse telemetry message (no OSTM header)";
            return std::nullopt;
        }
        ByteReader header(bytes.subspan(4, kHeaderBytes - 4));
        const std::uint8_t version = header.u8();
        const std::uint8_t type = header.u8();
        header.skip(2);
        const std::uint32_t payloadBytes = header.u32();
        if (version != kVersion) {
            why = "telemetry version " + std::to_string(version) + " (" +
                  versionsThisBuildReads(kVersion) + ")";
            return std::nullopt;
        }
        if (payloadBytes > kMaxPayloadBytes || payloadBytes != bytes.size() - kHeaderBytes) {
            why = "the payload length " + std::to_string(payloadBytes) + " does not match the " +
                  std::to_string(bytes.size() - kHeaderBytes) + " bytes that follow";
            return std::nullopt;
        }
        ByteReader in(bytes.subspan(kHeaderBytes));
        switch (static_cast<Type>(type)) {
            case Type::ModelMeta:
                return decodeMeta(in, why);
            case Type::SummaryBatch:
                return decodeSummary(in, why);
            case Type::Sparse:
                return decodeSparse(in, why);
            case Type::Control:
                return decodeControl(in, why);
            case Type::WeightMatrix:
                return training::decodeWeightMatrix(in, why);
            case Type::TrainingStep:
                return training::decodeTrainingStep(in, why);
            case Type::AttentionPattern:
                return training::decodeAttentionPattern(in, why);
            case Type::SampledText:
                return training::decodeSampledText(in, why);
        }
        why = "unknown message type " + std::to_string(type);
        return std::nullopt;
    }();
    if (!result && error != nullptr) {
        *error = why;
    }
    return result;
}

}  // namespace ossynapse::telemetry_wire

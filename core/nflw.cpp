#include "core/nflw.h"

#include <cmath>

#include "core/byte_io.h"
#include "core/error.h"

namespace ossynapse::nflw {
namespace {

constexpr std::size_t kMaxEntries = 1 << 20;

// Both summary batch versions: u32 count, u32 reserved (v1) or version (v2), then entries of 16
// bytes (layer, neurons, mean, max) or 64 (layer, neurons, mean, std, min, max, l2, ...).
std::optional<TelemetryMessage> summaries(ByteReader& in, double t, bool v2, std::string& why) {
    const std::size_t entryBytes = v2 ? 64 : 16;
    const std::uint32_t count = in.u32();
    in.skip(4);
    if (in.failed || count > kMaxEntries || in.remaining() != std::size_t(count) * entryBytes) {
        why = std::string("NFLW summary batch") + (v2 ? " v2" : "") +
              ": the count does not match the payload";
        return std::nullopt;
    }
    SummaryBatch batch;
    batch.t = t;
    for (std::uint32_t i = 0; i < count; ++i) {
        LayerSummary layer;
        layer.layer = in.u32();
        in.skip(4);  // neuron count: the model meta carries it
        layer.mean = in.f32();
        if (v2) {
            in.skip(8);  // std, min
            layer.max = in.f32();
            layer.l2 = in.f32();
            in.skip(entryBytes - 28);
        } else {
            layer.max = in.f32();
            layer.l2 = std::nanf("");
        }
        layer.entropy = std::nanf("");
        batch.layers.push_back(layer);
    }
    return batch;
}

std::optional<TelemetryMessage> sparse(ByteReader& in, double t, std::string& why) {
    SparseActivations result;
    result.t = t;
    result.layer = in.u32();
    const std::uint32_t count = in.u32();
    in.skip(8);
    if (in.failed || count > kMaxEntries || in.remaining() != std::size_t(count) * 8) {
        why = "NFLW sparse activations: the count does not match the payload";
        return std::nullopt;
    }
    for (std::uint32_t i = 0; i < count; ++i) {
        result.indices.push_back(in.u32());
        result.values.push_back(in.f32());
    }
    return result;
}

std::optional<TelemetryMessage> control(ByteReader& in, std::string& why) {
    const std::uint32_t opcode = in.u32();
    in.skip(4);
    const float value = in.f32();
    in.skip(4);
    if (in.failed || in.remaining() != 0) {
        why = "NFLW control: the payload is not 16 bytes";
        return std::nullopt;
    }
    if (opcode == 1) {
        return ControlMessage{ControlMessage::Op::SetThreshold, value};
    }
    if (opcode == 101) {
        return ControlMessage{ControlMessage::Op::Ack, value};
    }
    why = "NFLW control opcode " + std::to_string(opcode) + " is not one the studio acts on";
    return std::nullopt;
}

std::optional<TelemetryMessage> meta(ByteReader& in, double t, std::string& why) {
    const std::uint32_t count = in.u32();
    if (in.failed || count > kMaxEntries || in.remaining() != std::size_t(count) * 12) {
        why = "NFLW model meta: the layer count does not match the payload";
        return std::nullopt;
    }
    ModelMeta result;
    result.t = t;
    result.name = "Synapse probe";
    for (std::uint32_t i = 0; i < count; ++i) {
        LayerInfo layer;
        layer.index = in.u32();
        layer.width = in.u32();
        in.skip(4);  // the dashboard's recommended grid
        result.layers.push_back(layer);
    }
    return result;
}

// Gradient batch: u32 count, u32 training step, f32 global gradient norm, then 36-byte entries
// {u32 layer, u32 parameters, f32 mean, std, min, max, L2 norm, weight L2 norm, ratio}.
std::optional<TelemetryMessage> gradients(ByteReader& in, double t, std::string& why) {
    const std::uint32_t count = in.u32();
    TrainingStep step;
    step.t = t;
    step.step = in.u32();
    step.gradientNorm = in.f32();
    step.loss = std::nanf("");
    step.learningRate = std::nanf("");
    if (in.failed || count > kMaxEntries || in.remaining() != std::size_t(count) * 36) {
        why = "NFLW gradient batch: the count does not match the payload";
        return std::nullopt;
    }
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t layer = in.u32();
        in.skip(4 + 16);  // parameter count, mean, std, min, max
        const float norm = in.f32();
        in.skip(8);  // weight norm, gradient-to-weight ratio
        if (layer >= kNoLayer) {
            why = "NFLW gradient batch: layer " + std::to_string(layer) + " is out of range";
            return std::nullopt;
        }
        step.layers.push_back({static_cast<std::uint16_t>(layer), norm, std::nanf("")});
    }
    return step;
}

// Attention pattern: u32 layer, u32 head, u16 queries, u16 keys, u8 mode, u8, u16 entry
// count, u32 reserved, then 8-byte entries {u16 query, u16 key, f32 weight}; the entries not
// sent (a top-k or thresholded pattern) are 0.
std::optional<TelemetryMessage> attention(ByteReader& in, double t, std::string& why) {
    constexpr std::size_t kMaxCells = 1 << 20;
    const std::uint32_t layer = in.u32();
    const std::uint32_t head = in.u32();
    AttentionPattern pattern;
    pattern.t = t;
    pattern.queries = in.u16();
    pattern.keys = in.u16();
    in.skip(2);  // mode, padding
    const std::uint16_t count = in.u16();
    in.skip(4);
    const std::size_t cells = std::size_t(pattern.queries) * pattern.keys;
    if (in.failed || in.remaining() != std::size_t(count) * 8) {
        why = "NFLW attention pattern: the entry count does not match the payload";
        return std::nullopt;
    }
    if (layer >= kNoLayer || head > 0xFFFF || cells == 0 || cells > kMaxCells) {
        why = "NFLW attention pattern: layer, head or size out of range";
        return std::nullopt;
    }
    pattern.layer = static_cast<std::uint16_t>(layer);
    pattern.head = static_cast<std::uint16_t>(head);
    pattern.weights.assign(cells, 0.0f);
    for (std::uint16_t i = 0; i < count; ++i) {
        const std::uint16_t query = in.u16();
        const std::uint16_t key = in.u16();
        const float weight = in.f32();
        if (query >= pattern.queries || key >= pattern.keys) {
            why = "NFLW attention pattern: an entry lies outside " +
                  std::to_string(pattern.queries) + " x " + std::to_string(pattern.keys);
            return std::nullopt;
        }
        pattern.weights[std::size_t(query) * pattern.keys + key] = weight;
    }
    return pattern;
}

}  // namespace

std::optional<Packet> decode(std::span<const std::uint8_t> bytes, std::string* error) {
    std::string why;
    const auto result = [&]() -> std::optional<Packet> {
        if (bytes.size() < kHeaderBytes) {
            why = "shorter than an NFLW header";
            return std::nullopt;
        }
        ByteReader header(bytes.first(kHeaderBytes));
        if (header.u32() != kMagic) {
            why = "not an NFLW packet (bad magic)";
            return std::nullopt;
        }
        const std::uint16_t version = header.u16();
        const std::uint16_t type = header.u16();
        header.skip(4);  // flags: values are float32 either way in the types we read
        Packet packet;
        packet.sequence = header.u64();
        packet.timestampNs = header.u64();
        const std::uint32_t payloadBytes = header.u32();
        if (version != 1) {
            why =
                "NFLW version " + std::to_string(version) + " (" + versionsThisBuildReads(1) + ")";
            return std::nullopt;
        }
        if (payloadBytes != bytes.size() - kHeaderBytes) {
            why = "NFLW payload length " + std::to_string(payloadBytes) + " does not match the " +
                  std::to_string(bytes.size() - kHeaderBytes) + " bytes that follow";
            return std::nullopt;
        }
        ByteReader in(bytes.subspan(kHeaderBytes));
        const double t = static_cast<double>(packet.timestampNs) / 1e9;
        std::optional<TelemetryMessage> message;
        switch (type) {
            case 1:
                message = summaries(in, t, false, why);
                break;
            case 2:
                message = sparse(in, t, why);
                break;
            case 3:
                message = control(in, why);
                break;
            case 4:
                message = meta(in, t, why);
                break;
            case 6:
                message = summaries(in, t, true, why);
                break;
            case 5:
                message = gradients(in, t, why);
                break;
            case 7:
                message = attention(in, t, why);
                break;
            default:
                why = "unknown NFLW packet type " + std::to_string(type);
                break;
        }
        if (!message) {
            return std::nullopt;
        }
        packet.message = std::move(*message);
        return packet;
    }();
    if (!result && error != nullptr) {
        *error = why;
    }
    return result;
}

}  // namespace ossynapse::nflw

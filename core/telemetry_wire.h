#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/telemetry.h"

// The telemetry wire format, one message per WebSocket binary frame (or a JSON text frame of
// the same message, for taps written by hand). Documented in core/telemetry-protocol.md.
//
// Binary, little-endian. A 12-byte header:
//   0  magic "OSTM"    4  u8 version (1)    5  u8 type    6  u16 reserved (0)
//   8  u32 payload bytes (exactly what follows the header)
// Types: 1 model meta, 2 summary batch, 3 sparse activations, 4 control; while a model learns,
// 5 weight matrix, 6 training step, 7 attention pattern, 8 sampled text.
namespace ossynapse::telemetry_wire {

inline constexpr std::uint8_t kVersion = 1;
inline constexpr std::size_t kHeaderBytes = 12;
inline constexpr std::size_t kMaxPayloadBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxLayers = 4096;

enum class Type : std::uint8_t {
    ModelMeta = 1,
    SummaryBatch = 2,
    Sparse = 3,
    Control = 4,
    WeightMatrix = 5,
    TrainingStep = 6,
    AttentionPattern = 7,
    SampledText = 8,
};

std::vector<std::uint8_t> encode(const TelemetryMessage& message);
// nullopt and `error` set when the bytes are not one whole, valid message.
std::optional<TelemetryMessage> decode(std::span<const std::uint8_t> bytes,
                                       std::string* error = nullptr);

nlohmann::json toJson(const TelemetryMessage& message);
// Throws InputError naming the field that is wrong.
TelemetryMessage fromJson(const nlohmann::json& json);

}  // namespace ossynapse::telemetry_wire

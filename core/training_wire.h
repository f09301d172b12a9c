#pragma once

#include <optional>
#include <string>

#include "core/byte_io.h"
#include "core/telemetry.h"

// The binary payloads of the training messages (types 5 to 8 of core/telemetry-protocol.md),
// for telemetry_wire's encode and decode. Each decodeX reads a whole payload from `in` or sets
// `why` and returns nothing.
namespace ossynapse::telemetry_wire::training {

void encodePayload(ByteWriter& out, const WeightMatrix& matrix);
void encodePayload(ByteWriter& out, const TrainingStep& step);
void encodePayload(ByteWriter& out, const AttentionPattern& pattern);
void encodePayload(ByteWriter& out, const SampledText& text);

std::optional<TelemetryMessage> decodeWeightMatrix(ByteReader& in, std::string& why);
std::optional<TelemetryMessage> decodeTrainingStep(ByteReader& in, std::string& why);
std::optional<TelemetryMessage> decodeAttentionPattern(ByteReader& in, std::string& why);
std::optional<TelemetryMessage> decodeSampledText(ByteReader& in, std::string& why);

}  // namespace ossynapse::telemetry_wire::training

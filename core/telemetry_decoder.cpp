#include "core/telemetry_decoder.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/json_text.h"
#include "core/nflw.h"
#include "core/telemetry_wire.h"

namespace ossynapse {
namespace {

void shiftTime(TelemetryMessage& message, double offset) {
    setMessageTime(message, std::max(0.0, messageTime(message) - offset));
}

}  // namespace

std::optional<TelemetryMessage> TelemetryDecoder::count(std::optional<TelemetryMessage> message,
                                                        const std::string& error) {
    if (message) {
        if (auto problem = layerIndexProblem(*message)) {
            ++m_dropped;
            m_lastError = *problem;
            return std::nullopt;
        }
        ++m_accepted;
    } else {
        ++m_dropped;
        m_lastError = error;
    }
    return message;
}

std::optional<TelemetryMessage> TelemetryDecoder::binary(std::span<const std::uint8_t> bytes) {
    m_bytes += bytes.size();
    std::string error;
    if (bytes.size() >= 4 && bytes[0] == 'N' && bytes[1] == 'F' && bytes[2] == 'L' &&
        bytes[3] == 'W') {
        auto packet = nflw::decode(bytes, &error);
        if (!packet) {
            return count(std::nullopt, error);
        }
        if (!m_nflwEpochNs) {
            m_nflwEpochNs = packet->timestampNs;
        }
        shiftTime(packet->message, static_cast<double>(*m_nflwEpochNs) / 1e9);
        return count(std::move(packet->message), {});
    }
    auto message = telemetry_wire::decode(bytes, &error);
    return count(std::move(message), error);
}

std::optional<TelemetryMessage> TelemetryDecoder::text(std::string_view text) {
    m_bytes += text.size();
    const nlohmann::json json = parseJsonTextOrDiscarded(text);
    if (json.is_discarded()) {
        return count(std::nullopt, "a text frame that is not JSON");
    }
    try {
        return count(telemetry_wire::fromJson(json), {});
    } catch (const InputError& error) {
        return count(std::nullopt, error.what());
    } catch (const nlohmann::json::exception& error) {
        return count(std::nullopt, error.what());
    }
}

}  // namespace ossynapse

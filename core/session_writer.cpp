#include "core/session_writer.h"

#include "core/telemetry_wire.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace ossynapse {
namespace {

double toMicroseconds(double t) {
    return std::round(t * 1e6) / 1e6;
}

}  // namespace

nlohmann::ordered_json headerToJson(const SessionHeader& header) {
    return {{"type", "header"},
            {"format", kSessionFormat},
            {"version", header.version},
            {"created", header.created},
            {"source", header.source},
            {"prompt", header.prompt},
            {"parameters", header.parameters ? header.parameters->toJson() : nlohmann::json()},
            {"rig", header.rig ? header.rig->toJson() : nlohmann::json()}};
}

nlohmann::ordered_json parameterChangeToJson(const ParameterChange& change) {
    return {{"type", "params"},
            {"t", toMicroseconds(change.t)},
            {"parameters", change.parameters.toJson()}};
}

nlohmann::ordered_json eventToJson(const TokenEvent& event) {
    return {{"type", "token"},
            {"t", toMicroseconds(event.t)},
            {"channel", channelName(event.channel)},
            {"tokens", event.tokens},
            {"text", event.text}};
}

void appendTokenLine(std::string& out, const TokenEvent& event) {
    // A token's text is mostly plain ASCII, copied as it is; anything else (escapes, UTF-8,
    // invalid bytes to replace) goes through nlohmann's serializer, as eventToJson's does.
    const std::string_view text = event.text;
    const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
        return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    });
    out += R"({"type":"token","t":)";
    out += nlohmann::json(toMicroseconds(event.t)).dump();
    out += R"(,"channel":")";
    out += channelName(event.channel);
    out += R"(","tokens":)";
    out += std::to_string(event.tokens);
    out += R"(,"text":)";
    if (plain) {
        out += '"';
        out += text;
        out += '"';
    } else {
        out += nlohmann::json(event.text)
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    out += "}\n";
}

nlohmann::ordered_json telemetryToJson(const TelemetryMessage& message) {
    nlohmann::json body = telemetry_wire::toJson(message);
    body.erase("t");
    return {{"type", "telemetry"}, {"t", toMicroseconds(messageTime(message))}, {"message", body}};
}

nlohmann::ordered_json endToJson(const SessionEnd& end) {
    nlohmann::ordered_json json = {{"type", "end"},
                                   {"t", toMicroseconds(end.t)},
                                   {"finish_reason", end.finishReason},
                                   {"usage", end.usage}};
    if (!end.error.empty()) {
        json["error"] = end.error;
    }
    if (end.outcome) {
        json["outcome"] = outcomeWord(*end.outcome);
    }
    if (!end.counted.is_null()) {
        json["counted"] = end.counted;
    }
    return json;
}

SessionWriter::SessionWriter(const std::string& path, const SessionHeader& header)
    : m_path(path), m_file(std::fopen(path.c_str(), "wb")) {
    if (m_file == nullptr) {
        throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
    }
    writeLine(headerToJson(header));
}

SessionWriter::~SessionWriter() {
    if (m_file != nullptr) {
        std::fwrite(m_pending.data(), 1, m_pending.size(), m_file);  // best effort
        std::fclose(m_file);
    }
}

void SessionWriter::write(const TokenEvent& event) {
    append(event);
    flush();
}

void SessionWriter::append(const TokenEvent& event) {
    if (m_file == nullptr) {
        throw std::runtime_error("recording " + m_path + " is already finished");
    }
    appendTokenLine(m_pending, event);
}

void SessionWriter::flush() {
    if (m_file == nullptr) {
        throw std::runtime_error("recording " + m_path + " is already finished");
    }
    const bool written =
        std::fwrite(m_pending.data(), 1, m_pending.size(), m_file) == m_pending.size();
    m_pending.clear();
    if (!written || std::fflush(m_file) != 0) {
        throw std::runtime_error("cannot write " + m_path + ": " + std::strerror(errno));
    }
}

void SessionWriter::write(const TelemetryMessage& message) {
    if (!std::holds_alternative<ControlMessage>(message)) {
        writeLine(telemetryToJson(message));
    }
}

void SessionWriter::write(const ParameterChange& change) {
    writeLine(parameterChangeToJson(change));
}

void SessionWriter::finish(const SessionEnd& end) {
    writeLine(endToJson(end));
    const int closed = std::fclose(m_file);
    m_file = nullptr;
    if (closed != 0) {
        throw std::runtime_error("cannot finish " + m_path + ": " + std::strerror(errno));
    }
}

void SessionWriter::writeLine(const nlohmann::ordered_json& record) {
    if (m_file == nullptr) {
        throw std::runtime_error("recording " + m_path + " is already finished");
    }
    // Invalid UTF-8 from a server is replaced rather than refused: a recording must not stop
    // because one token was cut mid-character.
    m_pending += record.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    m_pending += '\n';
    flush();
}

void writeSession(const std::string& path, const Session& session) {
    SessionWriter writer(path, session.header);
    // Records interleaved by time; at equal times parameter changes first (they apply from
    // their time on), then tokens, then telemetry.
    std::size_t telemetry = 0;
    std::size_t change = 0;
    const auto changesUntil = [&](double t) {
        while (change < session.parameterChanges.size() &&
               session.parameterChanges[change].t <= t) {
            writer.write(session.parameterChanges[change++]);
        }
    };
    for (const TokenEvent& event : session.events) {
        while (telemetry < session.telemetry.size() &&
               messageTime(session.telemetry[telemetry]) < event.t) {
            changesUntil(messageTime(session.telemetry[telemetry]));
            writer.write(session.telemetry[telemetry++]);
        }
        changesUntil(event.t);
        writer.write(event);
    }
    while (telemetry < session.telemetry.size()) {
        changesUntil(messageTime(session.telemetry[telemetry]));
        writer.write(session.telemetry[telemetry++]);
    }
    changesUntil(std::numeric_limits<double>::infinity());
    if (session.end) {
        writer.finish(*session.end);
    }
}

}  // namespace ossynapse

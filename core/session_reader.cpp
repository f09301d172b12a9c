#include "core/session_reader.h"

#include "core/telemetry_wire.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "core/error.h"
#include "core/json_text.h"
#include "core/parameters.h"

namespace ossynapse {
namespace {

class LineContext {
  public:
    LineContext(const std::string& name, std::size_t line)
        : m_prefix(name + ":" + std::to_string(line) + ": ") {}
    [[noreturn]] void fail(const std::string& message) const {
        throw InputError(m_prefix + message);
    }

  private:
    std::string m_prefix;
};

// The string at `key`, or "" when it is absent or not a string.
std::string stringOr(const nlohmann::json& record, const char* key) {
    const auto it = record.find(key);
    return (it != record.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

// True when `line` nests arrays and objects deeper than `limit` (strings skipped): checked before
// parsing, since a parser and its document recurse once per level.
bool nestsDeeperThan(const std::string& line, int limit) {
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
            }
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) {
                return true;
            }
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

double readTime(const nlohmann::json& record, const LineContext& at) {
    const auto t = record.find("t");
    if (t == record.end() || !t->is_number() || !std::isfinite(t->get<double>()) ||
        t->get<double>() < 0.0) {
        at.fail("'t' must be a time in seconds from 0");
    }
    if (t->get<double>() > kMaxSessionSeconds) {
        at.fail("'t' = " + t->dump() + " s is beyond the longest session a recording may hold (" +
                std::to_string(static_cast<int>(kMaxSessionSeconds)) + " s, seven days)");
    }
    return t->get<double>();
}

std::string optionalString(const nlohmann::json& record, const char* key, const LineContext& at) {
    const auto it = record.find(key);
    if (it == record.end() || it->is_null()) {
        return {};
    }
    if (!it->is_string()) {
        at.fail(std::string("'") + key + "' must be a string");
    }
    return it->get<std::string>();
}

SessionHeader readHeader(const nlohmann::json& record, const LineContext& at) {
    if (stringOr(record, "type") != "header" || stringOr(record, "format") != kSessionFormat) {
        at.fail(
            "not an OSSynapse recording: the first line must be the header "
            "{\"type\":\"header\",\"format\":\"" +
            std::string(kSessionFormat) + "\",...}");
    }
    SessionHeader header;
    const auto version = record.find("version");
    if (version == record.end() || !version->is_number_integer()) {
        at.fail("header 'version' must be a whole number");
    }
    const std::int64_t wideVersion = version->get<std::int64_t>();
    if (wideVersion < 1 || wideVersion > kSessionVersion) {
        at.fail("recording version " + std::to_string(wideVersion) + " is not supported (" +
                versionsThisBuildReads(kSessionVersion) + ")");
    }
    header.version = static_cast<int>(wideVersion);
    header.created = optionalString(record, "created", at);
    header.prompt = optionalString(record, "prompt", at);
    if (const auto source = record.find("source"); source != record.end()) {
        if (!source->is_object()) {
            at.fail("header 'source' must be an object");
        }
        header.source = *source;
    }
    if (const auto parameters = record.find("parameters");
        parameters != record.end() && !parameters->is_null()) {
        try {
            header.parameters = Parameters::fromJson(*parameters);
        } catch (const InputError& error) {
            at.fail(std::string("header 'parameters': ") + error.what());
        }
    }
    if (const auto rig = record.find("rig"); rig != record.end() && !rig->is_null()) {
        try {
            header.rig = Rig::fromJson(*rig);
        } catch (const InputError& error) {
            at.fail(std::string("header 'rig': ") + error.what());
        }
    }
    return header;
}

ParameterChange readParameterChange(const nlohmann::json& record, const LineContext& at) {
    ParameterChange change;
    change.t = readTime(record, at);
    const auto parameters = record.find("parameters");
    if (parameters == record.end() || !parameters->is_object()) {
        at.fail("a params record needs a 'parameters' object");
    }
    try {
        change.parameters = Parameters::fromJson(*parameters);
    } catch (const InputError& error) {
        at.fail(error.what());
    }
    return change;
}

TokenEvent readToken(const nlohmann::json& record, const LineContext& at) {
    TokenEvent event;
    event.t = readTime(record, at);
    const auto channel = record.find("channel");
    const auto parsed = (channel != record.end() && channel->is_string())
                            ? channelFromName(channel->get<std::string>())
                            : std::nullopt;
    if (!parsed) {
        at.fail("'channel' must be \"reasoning\" or \"completion\"");
    }
    event.channel = *parsed;
    const auto tokens = record.find("tokens");
    if (tokens == record.end() || !tokens->is_number_integer() || tokens->get<std::int64_t>() < 1 ||
        tokens->get<std::int64_t>() > 1'000'000) {
        at.fail("'tokens' must be a whole number from 1");
    }
    event.tokens = tokens->get<int>();
    event.text = optionalString(record, "text", at);
    return event;
}

TelemetryMessage readTelemetry(const nlohmann::json& record, const LineContext& at) {
    const double t = readTime(record, at);
    const auto body = record.find("message");
    if (body == record.end() || !body->is_object()) {
        at.fail("a telemetry record needs a 'message' object");
    }
    nlohmann::json message = *body;
    message["t"] = t;
    TelemetryMessage parsed;
    try {
        parsed = telemetry_wire::fromJson(message);
    } catch (const InputError& error) {
        at.fail(error.what());
    }
    if (std::holds_alternative<ControlMessage>(parsed)) {
        at.fail("control messages are not part of a recording");
    }
    if (auto problem = layerIndexProblem(parsed)) {
        at.fail(*problem);
    }
    return parsed;
}

SessionEnd readEnd(const nlohmann::json& record, const LineContext& at) {
    SessionEnd end;
    end.t = readTime(record, at);
    end.finishReason = optionalString(record, "finish_reason", at);
    end.error = optionalString(record, "error", at);
    if (const auto usage = record.find("usage"); usage != record.end()) {
        end.usage = *usage;
    }
    if (const auto counted = record.find("counted"); counted != record.end()) {
        end.counted = *counted;
    }
    if (const std::string word = optionalString(record, "outcome", at); !word.empty()) {
        end.outcome = outcomeFromWord(word);
        if (!end.outcome) {
            at.fail("'outcome' must be \"finished\", \"error\", \"truncated\" or \"cancelled\"");
        }
    }
    return end;
}

}  // namespace

std::string ReadReport::describe() const {
    std::string text;
    if (droppedBytes > 0) {
        text = "dropped " + std::to_string(droppedBytes) + " bytes of an unfinished last line";
    }
    if (missingEnd) {
        text += std::string(text.empty() ? "" : "; ") + "no end record";
    }
    return text.empty() ? text : "truncated: " + text;
}

LoadedSession readSession(std::istream& in, const std::string& name) {
    LoadedSession loaded;
    Session& session = loaded.session;
    bool haveHeader = false;
    std::size_t lineNumber = 0;
    // Tokens, telemetry and parameter changes are each in time order; a live recording
    // interleaves them as they arrive from their sources, so across kinds a record may lead by a
    // few milliseconds.
    double previousT = 0.0;
    double previousTelemetryT = 0.0;
    double previousChangeT = 0.0;
    std::string line;
    while (std::getline(in, line)) {
        ++lineNumber;
        const bool finished = !in.eof();  // getline stopped at a newline
        const LineContext at(name, lineNumber);
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        if (nestsDeeperThan(line, kMaxRecordNesting)) {
            at.fail("nests arrays and objects more than " + std::to_string(kMaxRecordNesting) +
                    " deep; no record of a recording does");
        }
        JsonReading parsed = readJsonText(line);
        nlohmann::json& record = parsed.value;
        if (record.is_discarded() || !record.is_object()) {
            if (!finished && haveHeader) {
                loaded.report.droppedBytes = line.size();
                break;
            }
            if (!finished && parsed.incomplete) {
                // A writer stopped mid-line before the header was whole: nothing to keep.
                at.fail("the last line is cut off (no newline ends it, its JSON is incomplete)");
            }
            at.fail(record.is_discarded() ? "not a JSON object (" + parsed.fault + ")"
                                          : "not a JSON object");
        }
        if (session.end) {
            at.fail("a record follows the end record");
        }
        if (!haveHeader) {
            session.header = readHeader(record, at);
            haveHeader = true;
        } else {
            const std::string type = stringOr(record, "type");
            if (type == "token") {
                TokenEvent event = readToken(record, at);
                if (event.t < previousT) {
                    at.fail("time " + formatNumber(event.t) +
                            " s is before the previous record's " + formatNumber(previousT) + " s");
                }
                previousT = event.t;
                session.events.push_back(std::move(event));
            } else if (type == "telemetry") {
                TelemetryMessage message = readTelemetry(record, at);
                const double t = messageTime(message);
                if (t < previousTelemetryT) {
                    at.fail("time " + formatNumber(t) +
                            " s is before the previous telemetry record's " +
                            formatNumber(previousTelemetryT) + " s");
                }
                previousTelemetryT = t;
                session.telemetry.push_back(std::move(message));
            } else if (type == "params") {
                ParameterChange change = readParameterChange(record, at);
                if (change.t < previousChangeT) {
                    at.fail("time " + formatNumber(change.t) +
                            " s is before the previous params record's " +
                            formatNumber(previousChangeT) + " s");
                }
                previousChangeT = change.t;
                session.parameterChanges.push_back(std::move(change));
            } else if (type == "end") {
                SessionEnd end = readEnd(record, at);
                if (end.t < previousT) {
                    at.fail("end time " + formatNumber(end.t) + " s is before the last event's " +
                            formatNumber(previousT) + " s");
                }
                session.end = std::move(end);
            } else if (type == "header") {
                at.fail("a second header");
            } else {
                at.fail("unknown record type \"" + type + "\"");
            }
        }
        ++loaded.report.lines;
    }
    if (in.bad()) {
        throw InputError(name + ": read error");
    }
    if (!haveHeader) {
        throw InputError(name + ": empty file, not an OSSynapse recording");
    }
    loaded.report.missingEnd = !session.end.has_value();
    return loaded;
}

LoadedSession readSessionFile(const std::string& path) {
    // A directory opens as a stream and only fails at the first read, as a bare "read error".
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
        throw InputError(path + ": is a directory, not a recording");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
    }
    return readSession(in, path);
}

}  // namespace ossynapse

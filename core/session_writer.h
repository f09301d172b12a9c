#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "core/session.h"

namespace ossynapse {

// Writes a recording line by line. write() flushes each line to the operating system as it
// goes, so a process killed mid-session leaves a file that reads up to its last complete line;
// a live stream instead append()s the tokens of one network read and flush()es once per read
// (one write system call), so a kill -9 loses at most what arrived in the last read.
// Times are stored with microsecond resolution. Throws std::runtime_error on I/O errors.
class SessionWriter {
  public:
    SessionWriter(const std::string& path, const SessionHeader& header);
    ~SessionWriter();
    SessionWriter(const SessionWriter&) = delete;
    SessionWriter& operator=(const SessionWriter&) = delete;

    void write(const TokenEvent& event);
    // Buffers the event's line; it reaches the file at the next flush(), write() or finish().
    void append(const TokenEvent& event);
    void flush();
    // Model meta, summary batches and sparse activations; control messages are not recorded.
    void write(const TelemetryMessage& message);
    // A control change: from change.t on the engine runs with change.parameters.
    void write(const ParameterChange& change);
    // Writes the end record and closes the file; nothing can be written after it.
    void finish(const SessionEnd& end);
    const std::string& path() const { return m_path; }

  private:
    void writeLine(const nlohmann::ordered_json& record);

    std::string m_path;
    std::FILE* m_file = nullptr;
    std::string m_pending;  // appended lines not yet written
};

// Records keep their fields in a fixed, readable order: type first, then time.
nlohmann::ordered_json headerToJson(const SessionHeader& header);
nlohmann::ordered_json eventToJson(const TokenEvent& event);
// The same record as one line (with its "\n"), built without a JSON tree: a live stream writes
// one per token. Byte for byte what eventToJson(event).dump() gives.
void appendTokenLine(std::string& out, const TokenEvent& event);
nlohmann::ordered_json endToJson(const SessionEnd& end);
// {"type": "params", "t": ..., "parameters": the parameters' JSON form}
nlohmann::ordered_json parameterChangeToJson(const ParameterChange& change);
// {"type": "telemetry", "t": ..., "message": the message's JSON form without its own "t"}
nlohmann::ordered_json telemetryToJson(const TelemetryMessage& message);

// Writes a whole session at once (generators, converters).
void writeSession(const std::string& path, const Session& session);

}  // namespace ossynapse

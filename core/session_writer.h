#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "core/session.h"

namespace ossynapse {

// Writes a recording line by line and flushes each line to the operating system as it goes,
// so a process killed mid-session leaves a file that reads up to its last complete line.
// Times are stored with microsecond resolution. Throws std::runtime_error on I/O errors.
class SessionWriter {
  public:
    SessionWriter(const std::string& path, const SessionHeader& header);
    ~SessionWriter();
    SessionWriter(const SessionWriter&) = delete;
    SessionWriter& operator=(const SessionWriter&) = delete;

    void write(const TokenEvent& event);
    // Model meta, summary batches and sparse activations; control messages are not recorded.
    void write(const TelemetryMessage& message);
    // Writes the end record and closes the file; nothing can be written after it.
    void finish(const SessionEnd& end);
    const std::string& path() const { return m_path; }

  private:
    void writeLine(const nlohmann::ordered_json& record);

    std::string m_path;
    std::FILE* m_file = nullptr;
};

// Records keep their fields in a fixed, readable order: type first, then time.
nlohmann::ordered_json headerToJson(const SessionHeader& header);
nlohmann::ordered_json eventToJson(const TokenEvent& event);
nlohmann::ordered_json endToJson(const SessionEnd& end);
// {"type": "telemetry", "t": ..., "message": the message's JSON form without its own "t"}
nlohmann::ordered_json telemetryToJson(const TelemetryMessage& message);

// Writes a whole session at once (generators, converters).
void writeSession(const std::string& path, const Session& session);

}  // namespace ossynapse

#pragma once

#include <cstddef>
#include <istream>
#include <string>

#include "core/session.h"

namespace ossynapse {

// What the reader had to tolerate in an otherwise good recording.
struct ReadReport {
    std::size_t lines = 0;         // complete lines read
    std::size_t droppedBytes = 0;  // bytes of an unfinished last line that were dropped
    bool missingEnd = false;       // no end record: the writer stopped mid-session

    bool clean() const { return droppedBytes == 0 && !missingEnd; }
    // One line for people, e.g. "truncated: dropped 37 bytes of an unfinished last line; no end
    // record". Empty when clean.
    std::string describe() const;
};

struct LoadedSession {
    Session session;
    ReadReport report;
};

// Reads a recording. A file cut off by a crash loads up to its last complete line and the
// report says what was missing; any other damage throws InputError naming the file and line.
LoadedSession readSession(std::istream& in, const std::string& name);
LoadedSession readSessionFile(const std::string& path);

}  // namespace ossynapse

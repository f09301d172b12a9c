#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace ossynapse {

// Bad input handed to the core (a parameter out of range, a corrupt recording, a rig that
// does not add up). The message is meant for the user, one line, naming what is wrong.
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The one wording of every format's version refusal: "this build reads version 1", or
// "this build reads versions 1 to 3" (formats number their versions from 1).
inline std::string versionsThisBuildReads(std::int64_t newest) {
    return newest <= 1 ? "this build reads version 1"
                       : "this build reads versions 1 to " + std::to_string(newest);
}

}  // namespace ossynapse

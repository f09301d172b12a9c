#pragma once

#include <stdexcept>
#include <string>

namespace ossynapse {

// Bad input handed to the core (a parameter out of range, a corrupt recording, a rig that
// does not add up). The message is meant for the user, one line, naming what is wrong.
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace ossynapse

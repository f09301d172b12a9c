#pragma once

#include <QStringList>
#include <stdexcept>

namespace ossynapse::cli {

// A command line that cannot be run as given; main() prints it with the verb's usage hint.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Each verb takes its arguments without the verb itself ("ossynapse FILE ...") and returns the
// process exit code. Bad input is thrown as InputError, bad usage as UsageError.
int runInspect(const QStringList& arguments);
int runRender(const QStringList& arguments);
int runSynthesize(const QStringList& arguments);
int runStream(const QStringList& arguments);
int runServe(const QStringList& arguments);
int runReplay(const QStringList& arguments);
int runSimulateTelemetry(const QStringList& arguments);
int runTelemetry(const QStringList& arguments);

}  // namespace ossynapse::cli

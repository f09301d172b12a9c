#pragma once

#include <QCommandLineParser>
#include <QStringList>
#include <optional>

#include "core/parameters.h"
#include "core/rig.h"

namespace ossynapse::cli {

// Adds --help, parses `arguments` and checks the count of positional arguments; throws
// UsageError. Returns false when help was asked for (and printed): the verb then stops.
bool parseArguments(QCommandLineParser& parser, const QStringList& arguments, int positionalCount);

// The option's value as a number in [minimum, maximum]; throws UsageError otherwise.
double numberOption(const QCommandLineParser& parser,
                    const QString& name,
                    double minimum,
                    double maximum);

// The value of an option that was given, or nothing.
std::optional<QString> optionalValue(const QCommandLineParser& parser, const QString& name);

// --params, --rig and --ignore-recorded of the verbs that play a recording (render, replay):
// by default they play it as it was seen, with the parameters, rig and parameter changes it
// remembers (the rule is playbackSetup() in core/session_feed.h).
QList<QCommandLineOption> playbackOptions();

struct ExplicitSetup {
    std::optional<Parameters> parameters;  // from --params
    std::optional<Rig> rig;                // from --rig
    bool ignoreRecorded = false;
};
// Reads the files named by playbackOptions(); throws InputError naming a bad file.
ExplicitSetup explicitSetup(const QCommandLineParser& parser);

}  // namespace ossynapse::cli

#pragma once

#include <QCommandLineParser>
#include <QStringList>
#include <optional>

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

}  // namespace ossynapse::cli

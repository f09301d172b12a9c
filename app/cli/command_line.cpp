#include "app/cli/command_line.h"

#include <QCoreApplication>
#include <cstdio>

#include "app/cli/command.h"
#include "app/common/engine_files.h"

namespace ossynapse::cli {

bool parseArguments(QCommandLineParser& parser, const QStringList& arguments, int positionalCount) {
    const QCommandLineOption help = parser.addHelpOption();
    if (!parser.parse(arguments)) {
        throw UsageError(parser.errorText().toStdString());
    }
    if (parser.isSet(help)) {
        // Qt's usage line names the program by argv[0], the binary's path; a verb's usage is
        // "ossynapse VERB", the name the caller put first in `arguments`.
        QString text = parser.helpText();
        const QString program = QCoreApplication::arguments().value(0);
        const qsizetype at = program.isEmpty() ? -1 : text.indexOf(program);
        if (at >= 0 && at < text.indexOf(QLatin1Char('\n'))) {
            text.replace(at, program.size(), arguments.value(0));
        }
        std::fputs(text.toUtf8().constData(), stdout);
        return false;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != positionalCount) {
        throw UsageError(positional.size() < positionalCount
                             ? "missing argument"
                             : "unexpected argument '" +
                                   positional.at(positionalCount).toStdString() + "'");
    }
    return true;
}

double numberOption(const QCommandLineParser& parser,
                    const QString& name,
                    double minimum,
                    double maximum) {
    bool ok = false;
    const QString text = parser.value(name);
    const double value = text.toDouble(&ok);
    if (!ok || !(value >= minimum && value <= maximum)) {
        throw UsageError("--" + name.toStdString() + " '" + text.toStdString() +
                         "' must be a number from " + QString::number(minimum).toStdString() +
                         " to " + QString::number(maximum).toStdString());
    }
    return value;
}

std::optional<QString> optionalValue(const QCommandLineParser& parser, const QString& name) {
    if (!parser.isSet(name)) {
        return std::nullopt;
    }
    return parser.value(name);
}

QList<QCommandLineOption> playbackOptions() {
    return {
        {QStringLiteral("params"),
         QStringLiteral("Engine parameters (JSON). Default: the ones the recording remembers, "
                        "with its recorded changes; given, they replace both."),
         QStringLiteral("P.json")},
        {QStringLiteral("rig"),
         QStringLiteral("LED rig (JSON). Default: the recording's, else the built-in skull."),
         QStringLiteral("R.json")},
        {QStringLiteral("ignore-recorded"),
         QStringLiteral("Ignore the parameters, rig and parameter changes the recording "
                        "remembers (play with the defaults or the files given).")},
    };
}

ExplicitSetup explicitSetup(const QCommandLineParser& parser) {
    ExplicitSetup setup;
    if (const auto path = optionalValue(parser, QStringLiteral("params"))) {
        setup.parameters = loadParametersFile(path->toStdString());
    }
    if (const auto path = optionalValue(parser, QStringLiteral("rig"))) {
        setup.rig = loadRigFile(path->toStdString());
    }
    setup.ignoreRecorded = parser.isSet(QStringLiteral("ignore-recorded"));
    return setup;
}

}  // namespace ossynapse::cli

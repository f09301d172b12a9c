#include <QCommandLineParser>
#include <QDateTime>
#include <cstdio>

#include "app/cli/command.h"
#include "app/cli/command_line.h"
#include "core/session_writer.h"
#include "core/synthetic_session.h"
#include "core/synthetic_telemetry.h"
#include "core/telemetry_wire.h"

namespace ossynapse::cli {

int runSynthesize(const QStringList& arguments) {
    QCommandLineParser parser;
    QString kinds;
    for (std::string_view name : syntheticKindNames()) {
        kinds += (kinds.isEmpty() ? QString() : QStringLiteral(", ")) +
                 QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
    }
    parser.setApplicationDescription(
        QStringLiteral("Writes a synthetic recording whose header says it is synthetic and how "
                       "it was made. Kinds: ") +
        kinds);
    parser.addPositionalArgument(QStringLiteral("KIND"), kinds);
    parser.addOptions({
        {QStringLiteral("out"), QStringLiteral("Recording to write."), QStringLiteral("FILE")},
        {QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("N"),
         QStringLiteral("1")},
        {QStringLiteral("created"),
         QStringLiteral("Creation time for the header (default: now, UTC)."),
         QStringLiteral("ISO")},
        {QStringLiteral("telemetry"),
         QStringLiteral("Add simulated layer telemetry for a model of N layers."),
         QStringLiteral("N")},
        {QStringLiteral("telemetry-hz"),
         QStringLiteral("Summary batches a second of that telemetry (default 5)."),
         QStringLiteral("HZ"), QStringLiteral("5")},
        {QStringLiteral("telemetry-sparse-layer"),
         QStringLiteral("Add that layer's 24 strongest activations at every step."),
         QStringLiteral("L")},
    });
    if (!parseArguments(parser, arguments, 1)) {
        return 0;
    }
    const QString kindName = parser.positionalArguments().at(0);
    const auto kind = syntheticKindFromName(kindName.toStdString());
    if (!kind) {
        throw UsageError("unknown kind '" + kindName.toStdString() + "' (one of " +
                         kinds.toStdString() + ")");
    }
    if (!parser.isSet(QStringLiteral("out"))) {
        throw UsageError("--out is required");
    }
    bool seedOk = false;
    const qulonglong seed = parser.value(QStringLiteral("seed")).toULongLong(&seedOk);
    if (!seedOk) {
        throw UsageError("--seed must be a whole number from 0");
    }
    const QString created = parser.value(QStringLiteral("created")).isEmpty()
                                ? QDateTime::currentDateTimeUtc().toString(Qt::ISODate)
                                : parser.value(QStringLiteral("created"));
    const std::string out = parser.value(QStringLiteral("out")).toStdString();
    Session session = synthesizeSession(*kind, seed, created.toStdString());
    if (parser.isSet(QStringLiteral("telemetry"))) {
        TelemetrySimulation settings;
        settings.layers = static_cast<std::uint32_t>(numberOption(
            parser, QStringLiteral("telemetry"), 1, double(telemetry_wire::kMaxLayers)));
        settings.hz = numberOption(parser, QStringLiteral("telemetry-hz"), 0.5, 100);
        settings.seed = seed;
        settings.model = "simulated " + std::to_string(settings.layers) + "-layer transformer";
        if (parser.isSet(QStringLiteral("telemetry-sparse-layer"))) {
            settings.sparseLayer = static_cast<std::uint32_t>(
                numberOption(parser, QStringLiteral("telemetry-sparse-layer"), 0,
                             static_cast<double>(settings.layers) - 1));
        }
        addSimulatedTelemetry(session, settings);
    }
    writeSession(out, session);
    std::fprintf(stderr, "ossynapse synthesize: %zu events over %.2f s -> %s\n",
                 session.events.size(), session.duration(), out.c_str());
    return 0;
}

}  // namespace ossynapse::cli

#include <QVector3D>
#include <limits>

#include "app/common/engine_files.h"
#include "app/common/json_file.h"
#include "app/studio/studio_engine.h"
#include "core/error.h"
#include "core/rig_edit.h"

// The studio's rig authoring: lobes, LEDs and wiring, each edit one step of undo history.
namespace ossynapse {
namespace {

Vec3 toVec3(const QVector3D& position) {
    return {position.x(), position.y(), position.z()};
}

std::size_t toIndex(int value) {
    // A negative index from QML names nothing; the core then refuses it in words.
    return value < 0 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(value);
}

// "layers 0–17 % · norm · binary spikes": what a lobe bound to layers shows; empty otherwise.
QString layerBindingText(const Lobe& lobe) {
    if (lobe.metric != Metric::Layers) {
        return {};
    }
    QString text = QStringLiteral("depth %1–%2 % · %3")
                       .arg(qRound(lobe.layers.depthFrom * 100))
                       .arg(qRound(lobe.layers.depthTo * 100))
                       .arg(QString::fromLatin1(layerStatName(lobe.layers.stat).data()));
    if (lobe.layers.spikes) {
        text += QStringLiteral(" · %1 spikes")
                    .arg(QString::fromLatin1(spikeSchemeName(lobe.layers.spikes->scheme).data()));
    }
    return text;
}

}  // namespace

QVariantList StudioEngine::lobeSparsity() const {
    QVariantList list;
    for (double sparsity : m_snapshot.lobeSparsity) {
        list.append(sparsity);
    }
    return list;
}

QVariantList StudioEngine::lobes() const {
    QVariantList list;
    for (const Lobe& lobe : m_rig.lobes) {
        Vec3 centre;
        for (const Led& led : lobe.leds) {
            centre.x += led.position.x / static_cast<double>(lobe.leds.size());
            centre.y += led.position.y / static_cast<double>(lobe.leds.size());
            centre.z += led.position.z / static_cast<double>(lobe.leds.size());
        }
        list.append(QVariantMap{
            {QStringLiteral("name"), QString::fromStdString(lobe.name)},
            {QStringLiteral("x"), centre.x},
            {QStringLiteral("y"), centre.y},
            {QStringLiteral("z"), centre.z},
            {QStringLiteral("metric"), QString::fromLatin1(metricName(lobe.metric).data())},
            {QStringLiteral("effect"),
             QString::fromLatin1(effectKindName(lobe.effect.kind).data())},
            {QStringLiteral("effectPeriod"), lobe.effect.periodS},
            {QStringLiteral("effectAlong"),
             QString::fromLatin1(effectAxisName(lobe.effect.along).data())},
            {QStringLiteral("color"), QString::fromStdString(colorToHex(lobe.color))},
            {QStringLiteral("leds"), static_cast<int>(lobe.leds.size())},
            {QStringLiteral("layers"), layerBindingText(lobe)},
            {QStringLiteral("depthFrom"), lobe.layers.depthFrom},
            {QStringLiteral("depthTo"), lobe.layers.depthTo},
            {QStringLiteral("stat"), QString::fromLatin1(layerStatName(lobe.layers.stat).data())},
            {QStringLiteral("spikes"),
             lobe.layers.spikes
                 ? QString::fromLatin1(spikeSchemeName(lobe.layers.spikes->scheme).data())
                 : QStringLiteral("none")},
            {QStringLiteral("spikeThreshold"),
             lobe.layers.spikes ? lobe.layers.spikes->threshold : 0.6}});
    }
    return list;
}

void StudioEngine::applyRig(const Rig& rig) {
    try {
        rig.validate();
    } catch (const InputError& error) {
        setErrorText(QString::fromUtf8(error.what()));
        return;
    }
    m_rigHistory.resize(m_rigIndex + 1);
    m_rigHistory.push_back(rig);
    m_rigIndex = m_rigHistory.size() - 1;
    useRig(rig);
}

QStringList StudioEngine::metricNames() const {
    QStringList names;
    for (Metric metric : {Metric::Reasoning, Metric::Completion, Metric::Activity, Metric::Burst,
                          Metric::ReasoningLevel, Metric::CompletionLevel, Metric::Layers}) {
        names << QString::fromLatin1(metricName(metric).data());
    }
    return names;
}

void StudioEngine::setLobeColor(int lobe, const QColor& color) {
    if (lobe < 0 || static_cast<std::size_t>(lobe) >= m_rig.lobes.size() || !color.isValid()) {
        return;
    }
    Rig next = m_rig;
    next.lobes[static_cast<std::size_t>(lobe)].color =
        Rgb8{static_cast<std::uint8_t>(color.red()), static_cast<std::uint8_t>(color.green()),
             static_cast<std::uint8_t>(color.blue())};
    applyRig(next);
}

void StudioEngine::setLobeLayers(int lobe,
                                 double depthFrom,
                                 double depthTo,
                                 const QString& stat,
                                 const QString& spikes,
                                 double spikeThreshold) {
    editRig([&](const Rig& rig) {
        if (lobe < 0 || static_cast<std::size_t>(lobe) >= rig.lobes.size()) {
            throw InputError("the rig has no lobe " + std::to_string(lobe));
        }
        if (!(depthFrom >= 0.0 && depthFrom < depthTo && depthTo <= 1.0)) {
            throw InputError("a layer group's depth must satisfy 0 <= from < to <= 1");
        }
        const auto parsedStat = layerStatFromName(stat.toStdString());
        if (!parsedStat) {
            throw InputError("'" + stat.toStdString() + "' is not a layer statistic");
        }
        Rig next = rig;
        Lobe& target = next.lobes[static_cast<std::size_t>(lobe)];
        target.metric = Metric::Layers;
        target.layers.depthFrom = depthFrom;
        target.layers.depthTo = depthTo;
        target.layers.stat = *parsedStat;
        if (spikes == QLatin1String("none")) {
            target.layers.spikes.reset();
        } else {
            const auto scheme = spikeSchemeFromName(spikes.toStdString());
            if (!scheme) {
                throw InputError("'" + spikes.toStdString() + "' is not a spike encoding");
            }
            SpikeSettings settings = target.layers.spikes.value_or(SpikeSettings{});
            settings.scheme = *scheme;
            settings.threshold = static_cast<float>(spikeThreshold);
            target.layers.spikes = settings;
        }
        return next;
    });
}

void StudioEngine::setLobeMetric(int lobe, const QString& metric) {
    const auto parsed = metricFromName(metric.toStdString());
    if (lobe < 0 || static_cast<std::size_t>(lobe) >= m_rig.lobes.size() || !parsed) {
        setErrorText(QStringLiteral("'%1' is not a metric a lobe can follow").arg(metric));
        return;
    }
    Rig next = m_rig;
    next.lobes[static_cast<std::size_t>(lobe)].metric = *parsed;
    applyRig(next);
}

QStringList StudioEngine::effectNames() const {
    QStringList names;
    for (EffectKind kind :
         {EffectKind::None, EffectKind::Chase, EffectKind::Wave, EffectKind::Sparkle}) {
        names << QString::fromLatin1(effectKindName(kind).data());
    }
    return names;
}

void StudioEngine::setLobeEffect(int lobe,
                                 const QString& kind,
                                 double periodS,
                                 const QString& along) {
    const auto parsedKind = effectKindFromName(kind.toStdString());
    const auto parsedAxis = effectAxisFromName(along.toStdString());
    if (lobe < 0 || static_cast<std::size_t>(lobe) >= m_rig.lobes.size() || !parsedKind ||
        !parsedAxis) {
        setErrorText(QStringLiteral("'%1' along '%2' is not an effect a lobe can show (%3)")
                         .arg(kind, along, QString::fromStdString(effectKindList())));
        return;
    }
    if (!(periodS >= kMinEffectPeriodS && periodS <= kMaxEffectPeriodS)) {
        setErrorText(QStringLiteral("an effect's period must be %1 to %2 s, not %3")
                         .arg(kMinEffectPeriodS)
                         .arg(kMaxEffectPeriodS)
                         .arg(periodS));
        return;
    }
    Rig next = m_rig;
    next.lobes[static_cast<std::size_t>(lobe)].effect = {*parsedKind, periodS, *parsedAxis};
    applyRig(next);
}

void StudioEngine::matchRigToSource(bool hasTelemetry, bool training) {
    const bool untouched = m_rig == Rig::defaultSkull() || m_rig == Rig::telemetrySkull() ||
                           m_rig == Rig::learningSkull();
    const Rig wanted = training       ? Rig::learningSkull()
                       : hasTelemetry ? Rig::telemetrySkull()
                                      : Rig::defaultSkull();
    if (untouched && !(m_rig == wanted)) {
        applyRig(wanted);
    }
}

void StudioEngine::resetRig() {
    if (!(m_rig == Rig::defaultSkull())) {
        applyRig(Rig::defaultSkull());
    }
}

void StudioEngine::undoRig() {
    if (canUndoRig()) {
        useRig(m_rigHistory[--m_rigIndex]);
    }
}

void StudioEngine::redoRig() {
    if (canRedoRig()) {
        useRig(m_rigHistory[++m_rigIndex]);
    }
}

bool StudioEngine::saveRig(const QUrl& url) {
    try {
        writeJsonFile((url.isLocalFile() ? url.toLocalFile() : url.toString()).toStdString(),
                      m_rig.toJson());
        return true;
    } catch (const std::exception& error) {
        setErrorText(QString::fromUtf8(error.what()));
        return false;
    }
}

bool StudioEngine::loadRig(const QUrl& url) {
    try {
        applyRig(
            loadRigFile((url.isLocalFile() ? url.toLocalFile() : url.toString()).toStdString()));
        return true;
    } catch (const std::exception& error) {
        setErrorText(QString::fromUtf8(error.what()));
        return false;
    }
}

QVariantList StudioEngine::leds() const {
    QVariantList list;
    list.reserve(static_cast<qsizetype>(m_rig.ledCount()));
    for (std::size_t strip = 0; strip < m_rig.ledCount(); ++strip) {
        const auto location = rig_edit::findLed(m_rig, static_cast<int>(strip));
        if (!location) {
            continue;
        }
        const Vec3& position = m_rig.lobes[location->lobe].leds[location->index].position;
        list.append(QVariantMap{{QStringLiteral("strip"), static_cast<int>(strip)},
                                {QStringLiteral("lobe"), static_cast<int>(location->lobe)},
                                {QStringLiteral("x"), position.x},
                                {QStringLiteral("y"), position.y},
                                {QStringLiteral("z"), position.z}});
    }
    return list;
}

void StudioEngine::editRig(const std::function<Rig(const Rig&)>& edit) {
    try {
        applyRig(edit(m_rig));
    } catch (const InputError& error) {
        setErrorText(QString::fromUtf8(error.what()));
    }
}

void StudioEngine::setLobeLedCount(int lobe, int count) {
    editRig([&](const Rig& rig) {
        return rig_edit::setLobeLedCount(rig, toIndex(lobe), toIndex(count));
    });
}

void StudioEngine::addLed(int lobe, const QVector3D& position) {
    editRig([&](const Rig& rig) { return rig_edit::addLed(rig, toIndex(lobe), toVec3(position)); });
}

void StudioEngine::removeLed(int strip) {
    editRig([&](const Rig& rig) { return rig_edit::removeLed(rig, strip); });
}

void StudioEngine::moveLed(int strip, const QVector3D& position) {
    editRig([&](const Rig& rig) { return rig_edit::moveLed(rig, strip, toVec3(position)); });
}

void StudioEngine::assignLed(int strip, int lobe) {
    editRig([&](const Rig& rig) { return rig_edit::assignLed(rig, strip, toIndex(lobe)); });
}

void StudioEngine::setLedStrip(int strip, int newStrip) {
    editRig([&](const Rig& rig) { return rig_edit::setStripIndex(rig, strip, newStrip); });
}

}  // namespace ossynapse

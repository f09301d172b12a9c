#include "control_registry.h"

#include "app/studio/studio_engine.h"

namespace ossynapse {
ControlRegistry::ControlRegistry(StudioEngine* engine)
    : QObject(engine),
      m_engine(engine),
      m_presets(new PresetStore(this)),
      m_midi(new MidiLearn(this)) {
    for (const ParameterField& field : parameterFields()) {
        double Parameters::*member = field.member;
        add(QString::fromUtf8(field.key.data(), static_cast<qsizetype>(field.key.size())),
            Control::Kind::Number, field.minimum, field.maximum,
            {[this, member] { return m_engine->parameters().*member; },
             [this, member](double value) {
                 Parameters next = m_engine->parameters();
                 next.*member = value;
                 return m_engine->applyParameters(next);
             },
             {}});
    }
    const auto toggle = [this](const QString& key, bool (StudioEngine::*read)() const,
                               void (StudioEngine::*write)(bool)) {
        add(key, Control::Kind::Toggle, 0, 1,
            {[this, read] { return (m_engine->*read)() ? 1.0 : 0.0; },
             [this, write](double value) {
                 (m_engine->*write)(value >= 0.5);
                 return true;
             },
             {}});
    };
    toggle(QStringLiteral("blackout"), &StudioEngine::blackout, &StudioEngine::setBlackout);
    toggle(QStringLiteral("freeze"), &StudioEngine::frozen, &StudioEngine::setFrozen);
    toggle(QStringLiteral("loop"), &StudioEngine::loop, &StudioEngine::setLoop);
    add(QStringLiteral("speed"), Control::Kind::Number, 0.25, 8.0,
        {[this] { return m_engine->speed(); },
         [this](double value) {
             m_engine->setSpeed(value);
             return true;
         },
         {}});
    add(QStringLiteral("frame_rate"), Control::Kind::Number, 10.0, 400.0,
        {[this] { return m_engine->frameRate(); },
         [this](double value) {
             m_engine->setFrameRate(value);
             return true;
         },
         {}});
    add(QStringLiteral("identify"), Control::Kind::Number, -1.0, 1000.0,
        {[this] { return static_cast<double>(m_engine->identifiedLobe()); },
         [this](double value) {
             const int lobe = static_cast<int>(value);
             if (lobe >= static_cast<int>(m_engine->rig().lobes.size())) {
                 return false;
             }
             m_engine->identifyLobe(lobe);
             return true;
         },
         {}});
    for (int slot = 1; slot <= kPresetSlots; ++slot) {
        add(QStringLiteral("preset_%1").arg(slot), Control::Kind::Trigger, 0, 1,
            {[] { return 0.0; },
             [this, slot](double value) { return value < 0.5 || recallPreset(slot); },
             [this, slot] { return hasPreset(slot); }});
    }

    connect(m_presets, &PresetStore::slotChanged, this,
            [this](int slot) { control(QStringLiteral("preset_%1").arg(slot))->refresh(); });
    connect(m_presets, &PresetStore::failed, m_engine, &StudioEngine::reportError);
    connect(engine, &StudioEngine::parametersChanged, this, &ControlRegistry::refreshAll);
    connect(engine, &StudioEngine::outputModeChanged, this, &ControlRegistry::refreshAll);
    connect(engine, &StudioEngine::loopChanged, this, &ControlRegistry::refreshAll);
    connect(engine, &StudioEngine::speedChanged, this, &ControlRegistry::refreshAll);
    connect(engine, &StudioEngine::frameRateChanged, this, &ControlRegistry::refreshAll);
    connect(engine, &StudioEngine::identifiedLobeChanged, this, &ControlRegistry::refreshAll);
}

Control* ControlRegistry::add(const QString& key,
                              Control::Kind kind,
                              double minimum,
                              double maximum,
                              Control::Access access) {
    auto* control = new Control(key, kind, minimum, maximum, std::move(access), this);
    m_keys << key;
    m_controls.emplace(key, control);
    return control;
}

Control* ControlRegistry::control(const QString& key) const {
    const auto it = m_controls.find(key);
    return it == m_controls.end() ? nullptr : it->second;
}

ControlWrite ControlRegistry::surfaceWrite() {
    return [this](const QString& key, double value) -> ControlReply {
        Control* target = control(key);
        if (target == nullptr) {
            return {ControlReply::Outcome::Unknown,
                    QStringLiteral("no control '%1' (the controls: %2)")
                        .arg(key, m_keys.join(QStringLiteral(", ")))};
        }
        if (!target->setValue(value)) {
            const QString why = m_engine->errorText();
            return {ControlReply::Outcome::Refused,
                    why.isEmpty() ? QStringLiteral("refused (nothing to do)") : why};
        }
        return {};
    };
}

void ControlRegistry::refreshAll() {
    for (const auto& [key, control] : m_controls) {
        control->refresh();
    }
}

void ControlRegistry::storePreset(int slot) {
    m_presets->store(slot, m_engine->parameters());
}

bool ControlRegistry::recallPreset(int slot) {
    const std::optional<Preset>& preset = m_presets->preset(slot);
    return preset && m_engine->applyParameters(preset->parameters);
}

bool ControlRegistry::hasPreset(int slot) const {
    return m_presets->preset(slot).has_value();
}

}  // namespace ossynapse

#pragma once

#include <QObject>
#include <QPointer>

#include "app/studio/studio_engine.h"

namespace ossynapse {

// Points `slot` at `engine` for a QML item or controller: drops the old engine's connections to
// `receiver` and makes the new ones with `connectSignals(engine)`. False when `slot` already
// held `engine` (nothing changed, nothing to announce).
template <typename ConnectSignals>
bool rebindEngine(QObject* receiver,
                  QPointer<StudioEngine>& slot,
                  StudioEngine* engine,
                  ConnectSignals connectSignals) {
    if (engine == slot) {
        return false;
    }
    if (slot != nullptr) {
        QObject::disconnect(slot, nullptr, receiver, nullptr);
    }
    slot = engine;
    if (slot != nullptr) {
        connectSignals(slot.data());
    }
    return true;
}

}  // namespace ossynapse

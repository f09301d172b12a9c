#pragma once

// Core value types that travel through queued signals and invokeMethod between threads.
#include <QMetaType>

#include "core/frame.h"
#include "core/parameters.h"
#include "core/rig.h"
#include "core/session.h"
#include "core/telemetry.h"
#include "core/token_event.h"

Q_DECLARE_METATYPE(ossynapse::TokenEvent)
Q_DECLARE_METATYPE(ossynapse::Session)
Q_DECLARE_METATYPE(ossynapse::Parameters)
Q_DECLARE_METATYPE(ossynapse::Rig)
Q_DECLARE_METATYPE(ossynapse::Frame)
Q_DECLARE_METATYPE(ossynapse::TelemetryMessage)

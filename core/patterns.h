#pragma once

#include <optional>
#include <string_view>

#include "core/parameters.h"
#include "core/token_event.h"

namespace ossynapse {

// The seed's four patterns, chosen per channel by its smoothed rate, plus Off for an idle
// channel. Within a band the two channels move differently:
//   IdleBreathe      both breathe slowly at a fixed low level;
//   ActiveCrossfade  reasoning's slow sinusoid, completion the same in opposite phase;
//   StreamLissajous  reasoning and completion are the two axes of a Lissajous figure
//                    (completion at lissajous_ratio times reasoning's frequency);
//   BurstHeartbeat   a double pulse.
// Every pattern but the breathe swings between pattern_floor and 1 times the intensity.
enum class Pattern { Off, IdleBreathe, ActiveCrossfade, StreamLissajous, BurstHeartbeat };

std::string_view patternName(Pattern pattern);
std::optional<Pattern> patternFromName(std::string_view name);

Pattern selectPattern(bool channelIdle, double smoothedRate, const Parameters& p);

// clamp(log(1 + rate) / log(1 + ceiling), 0, 1)
double intensity(double rate, double ceilingTps);

// A double pulse ("lub-dub") in [0, 1] over one period given in turns.
double heartbeat(double turns);

// The channel's output in [0, 1] before master brightness and gamma.
double channelDuty(
    Channel channel, Pattern pattern, double intensity, double t, const Parameters& p);

// The dual-channel accent added while either channel is at or above burst_accent_tps.
double burstAccent(double maxSmoothedRate, double t, const Parameters& p);

}  // namespace ossynapse

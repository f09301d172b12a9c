#pragma once

// The OSC address space of OSSynapse Studio, one home for both directions (OSC 1.0, over UDP):
//  in  (app/control/osc_control_server.h): /ossynapse/<control key> with one number, or none for
//      a trigger: /ossynapse/master_brightness f 0.3, /ossynapse/blackout T, /ossynapse/preset_2;
//  out (app/output/osc_sink.cpp), one bundle per frame sent:
//      /ossynapse/time f               session time of the frame, seconds
//      /ossynapse/channel/<name>/rate f   measured tokens/s of channel <name> (core channelName)
//      /ossynapse/channel/<name>/level f  the channel's intensity 0..1 after its EWMA
//      /ossynapse/lobe/<i>/level f     lobe i of the rig (0-based, rig order), linear light 0..1
// Control keys have no '/', so the state addresses never name a control.
namespace ossynapse::osc {

inline constexpr char kPrefix[] = "/ossynapse/";

}  // namespace ossynapse::osc

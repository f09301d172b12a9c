#pragma once

namespace ossynapse {

// Exponentially weighted moving average defined by a time constant rather than a per-sample
// factor, so the curve is the same whatever the frame rate: for an input held constant over
// dt the exact solution is applied. An input of 0 (an idle channel) snaps the value to 0
// instead of decaying: the seed's "no smoothing at zero".
class Ewma {
  public:
    explicit Ewma(double tauS) : m_tauS(tauS) {}

    void setTau(double tauS) { m_tauS = tauS; }
    // Advances by dt seconds with the input held at `input`.
    void advance(double dt, double input);
    double value() const { return m_value; }
    void reset() { m_value = 0.0; }

  private:
    double m_tauS;
    double m_value = 0.0;
};

}  // namespace ossynapse

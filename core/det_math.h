#pragma once

// Elementary functions built only from IEEE-754 +, -, *, / and exact helpers (floor, frexp,
// ldexp), so that the engine's frames are byte-identical on every machine and C library.
// The C library's sin/exp/log are accurate but not guaranteed to round the same way
// everywhere; light frames are compared byte for byte, so we cannot depend on them.
// Accuracy is about 1e-14 relative, far beyond what 8- or 16-bit light output can show.

namespace ossynapse::det {

// sin(2*pi*turns) and cos(2*pi*turns): phases are kept in turns so that range reduction
// is exact (turns - floor(turns)).
double sinTurns(double turns);
double cosTurns(double turns);

double exp(double x);
// Natural logarithm; returns -infinity for 0 and NaN for negative input.
double log(double x);
// x^y for x >= 0.
double pow(double x, double y);

}  // namespace ossynapse::det

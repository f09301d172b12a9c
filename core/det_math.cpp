#include "core/det_math.h"

#include <cmath>
#include <limits>

namespace ossynapse::det {
namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;
// ln 2 split so that k * kLn2Hi is exact for the k this code produces.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.70710678118654752440;

// Taylor series on |a| <= pi/4; the first omitted term is below 3e-14.
double sinPoly(double a) {
    const double a2 = a * a;
    double p = 1.0 / 6227020800.0;  // 1/13!
    p = p * a2 - 1.0 / 39916800.0;
    p = p * a2 + 1.0 / 362880.0;
    p = p * a2 - 1.0 / 5040.0;
    p = p * a2 + 1.0 / 120.0;
    p = p * a2 - 1.0 / 6.0;
    return a + a * a2 * p;
}

double cosPoly(double a) {
    const double a2 = a * a;
    double p = 1.0 / 87178291200.0;  // 1/14!
    p = p * a2 - 1.0 / 479001600.0;
    p = p * a2 + 1.0 / 3628800.0;
    p = p * a2 - 1.0 / 40320.0;
    p = p * a2 + 1.0 / 720.0;
    p = p * a2 - 1.0 / 24.0;
    p = p * a2 + 0.5;
    return 1.0 - a2 * p;
}

// Splits turns into a quadrant (0..3) and an angle in [-pi/4, pi/4].
void reduce(double turns, int& quadrant, double& angle) {
    const double f = turns - std::floor(turns);  // [0, 1), exact
    const double q = std::floor(f * 4.0 + 0.5);  // 0..4
    angle = (f - q * 0.25) * kTwoPi;
    quadrant = static_cast<int>(q) & 3;
}

}  // namespace

double sinTurns(double turns) {
    if (!std::isfinite(turns)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    int quadrant = 0;
    double a = 0.0;
    reduce(turns, quadrant, a);
    switch (quadrant) {
        case 0:
            return sinPoly(a);
        case 1:
            return cosPoly(a);
        case 2:
            return -sinPoly(a);
        default:
            return -cosPoly(a);
    }
}

double cosTurns(double turns) {
    return sinTurns(turns + 0.25);
}

double exp(double x) {
    if (std::isnan(x)) {
        return x;
    }
    if (x > 709.0) {
        return std::numeric_limits<double>::infinity();
    }
    if (x < -745.0) {
        return 0.0;
    }
    const double k = std::floor(x * kInvLn2 + 0.5);
    const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= 0.35
    // Taylor series to r^13; the omitted remainder is below 1e-17.
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    return std::ldexp(p, static_cast<int>(k));
}

double log(double x) {
    if (std::isnan(x) || x < 0.0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (x == 0.0) {
        return -std::numeric_limits<double>::infinity();
    }
    if (std::isinf(x)) {
        return x;
    }
    int e = 0;
    double m = std::frexp(x, &e);  // m in [0.5, 1)
    if (m < kSqrtHalf) {
        m *= 2.0;
        e -= 1;
    }
    // log(m) = 2 atanh(s) with |s| <= 0.172; series to s^23.
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    double p = 1.0 / 23.0;
    for (int n = 21; n >= 3; n -= 2) {
        p = p * s2 + 1.0 / n;
    }
    const double logM = 2.0 * (s + s * s2 * p);
    const double de = static_cast<double>(e);
    return (de * kLn2Hi + logM) + de * kLn2Lo;
}

double pow(double x, double y) {
    if (x == 0.0) {
        return y > 0.0 ? 0.0 : (y == 0.0 ? 1.0 : std::numeric_limits<double>::infinity());
    }
    if (x == 1.0 || y == 0.0) {
        return 1.0;
    }
    return exp(y * log(x));
}

}  // namespace ossynapse::det

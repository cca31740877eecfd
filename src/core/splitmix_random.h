#pragma once
// Small, fast, platform-independent random streams for the simulators (phantom, LQ simulation).
// std::normal_distribution's output differs between standard libraries; these streams make a
// seed mean the same pixels everywhere. Internal to the core (not installed).
#include <cmath>
#include <cstdint>

namespace latentecho::detail {

inline std::uint64_t splitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Mixes a seed with stream identifiers (frame index, purpose) into an independent stream key.
inline std::uint64_t streamKey(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0) {
  return splitMix64(splitMix64(seed ^ 0x6A09E667F3BCC909ULL) ^
                    splitMix64(a + 0x3C6EF372FE94F82BULL) ^
                    splitMix64(b * 0x9E3779B97F4A7C15ULL + 0xA54FF53A5F1D36F1ULL));
}

class RandomStream {
 public:
  explicit RandomStream(std::uint64_t key) : state_(key) {}

  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Standard normal (Box-Muller; the second value of each pair is kept for the next call).
  double normal() {
    if (hasSpare_) {
      hasSpare_ = false;
      return spare_;
    }
    double u1 = uniform();
    while (u1 <= 1e-300) u1 = uniform();
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 6.283185307179586 * u2;
    spare_ = radius * std::sin(angle);
    hasSpare_ = true;
    return radius * std::cos(angle);
  }

 private:
  std::uint64_t state_;
  double spare_ = 0.0;
  bool hasSpare_ = false;
};

}  // namespace latentecho::detail

// The classical baselines: strength 0 is the identity, more strength smooths speckle more, and bad
// arguments are errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>

#include "latentecho/core/clip.h"
#include "latentecho/core/error.h"
#include "latentecho/io/classical_enhancement.h"

namespace latentecho {
namespace {

// Flat grey halves (dark chamber | bright wall) with multiplicative speckle-like noise.
Clip speckledClip() {
  Clip clip(2, 64, 64, 25.0);
  std::mt19937 random(3);
  std::gamma_distribution<double> speckle(100.0, 0.01);  // mean 1, sd 0.1
  for (int t = 0; t < clip.frameCount; ++t)
    for (int y = 0; y < clip.height; ++y)
      for (int x = 0; x < clip.width; ++x) {
        const double base = x < 32 ? 40.0 : 160.0;
        clip.at(t, y, x) = static_cast<std::uint8_t>(std::clamp(base * speckle(random), 0.0, 255.0));
      }
  return clip;
}

// Standard deviation inside the bright half, away from the boundary.
double brightSpread(const Clip& clip) {
  double sum = 0, squares = 0;
  int n = 0;
  for (int y = 0; y < clip.height; ++y)
    for (int x = 40; x < clip.width; ++x) {
      const double v = clip.at(0, y, x);
      sum += v;
      squares += v * v;
      ++n;
    }
  const double mean = sum / n;
  return std::sqrt(squares / n - mean * mean);
}

TEST(ClassicalEnhancement, StrengthZeroIsTheIdentity) {
  const Clip clip = speckledClip();
  for (auto method : {ClassicalMethod::NonLocalMeans, ClassicalMethod::Bilateral})
    EXPECT_EQ(enhanceClassical(clip, method, 0.0).pixels, clip.pixels);
}

TEST(ClassicalEnhancement, MoreStrengthReducesSpeckleAndKeepsTheMean) {
  const Clip clip = speckledClip();
  for (auto method : {ClassicalMethod::NonLocalMeans, ClassicalMethod::Bilateral}) {
    const Clip light = enhanceClassical(clip, method, 0.5);
    const Clip strong = enhanceClassical(clip, method, 1.5);
    EXPECT_EQ(light.frameCount, clip.frameCount);
    EXPECT_EQ(light.fps, clip.fps);
    EXPECT_LT(brightSpread(light), brightSpread(clip)) << classicalMethodName(method);
    EXPECT_LT(brightSpread(strong), brightSpread(light)) << classicalMethodName(method);
    double before = 0, after = 0;
    for (std::size_t i = 0; i < clip.pixels.size(); ++i) {
      before += clip.pixels[i];
      after += strong.pixels[i];
    }
    EXPECT_NEAR(after / before, 1.0, 0.05) << classicalMethodName(method);
  }
}

TEST(ClassicalEnhancement, NamesRoundTripAndBadArgumentsAreErrors) {
  EXPECT_EQ(classicalMethodFromName("nlm"), ClassicalMethod::NonLocalMeans);
  EXPECT_EQ(classicalMethodFromName("bilateral"), ClassicalMethod::Bilateral);
  EXPECT_EQ(classicalMethodName(ClassicalMethod::Bilateral), "bilateral");
  EXPECT_THROW(classicalMethodFromName("median"), Error);
  const Clip clip = speckledClip();
  EXPECT_THROW(enhanceClassical(clip, ClassicalMethod::Bilateral, -1.0), Error);
  EXPECT_THROW(enhanceClassical(clip, ClassicalMethod::Bilateral, std::nan("")), Error);
}

}  // namespace
}  // namespace latentecho

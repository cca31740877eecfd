#pragma once
// Classical speckle-reduction baselines the paper's latent edit is compared against: non-local means
// and the bilateral filter, applied frame by frame (OpenCV).
//
// `strength` plays the role of the latent edit's α: 0 returns the frames unchanged, larger values
// smooth more (1 is a typical setting, the useful range is about 0..2). The mapping to each filter's
// parameters is fixed and documented below so results are reproducible:
//   NonLocalMeans: cv::fastNlMeansDenoising, h = 25 * strength, template 7, search window 21.
//   Bilateral:     cv::bilateralFilter, diameter 9, sigmaColor = 50 * strength,
//                  sigmaSpace = 1 + 4 * strength.
// Thread-safety: pure functions; safe to call from several threads on different clips.
#include <string>

#include "latentecho/core/clip.h"
#include "latentecho/core/progress.h"

namespace latentecho {

enum class ClassicalMethod { NonLocalMeans, Bilateral };

// "nlm" / "bilateral" (the CLI's and the studio's names); Error for anything else.
ClassicalMethod classicalMethodFromName(const std::string& name);
std::string classicalMethodName(ClassicalMethod method);

// One frame (`height` x `width` uint8, row-major) into `out` (same size; may not alias `in`).
void enhanceFrameClassical(const std::uint8_t* in, std::uint8_t* out, int width, int height,
                           ClassicalMethod method, double strength);

// The whole clip; metadata is kept, source gets the method appended. Error for strength < 0.
Clip enhanceClassical(const Clip& clip, ClassicalMethod method, double strength,
                      const Progress& progress = {});

}  // namespace latentecho

#pragma once
// What the enhanced view shows: frames of the open clip re-made at an edit strength α. Renderers
// are the latent edit (a PTI-tuned generator: G'(w_i + α·d)) or a classical baseline; the render
// worker and export jobs call them, never the UI thread.
//
// Contract: frame indices are in [0, frameCount()); images are Format_Grayscale8 of the clip's
// prepared size, one per requested index, in order. render() must be safe to call from two threads
// at once (the render worker and an export job) and may throw latentecho::Error.
#include <QImage>
#include <QString>
#include <vector>

#include "latentecho/core/clip.h"
#include "latentecho/core/progress.h"

namespace latentecho::studio {

class FrameRenderer {
 public:
  virtual ~FrameRenderer() = default;
  virtual int frameCount() const = 0;
  // How many frames one render() call handles well (batched synthesis is cheaper per frame).
  virtual int preferredBatch() const { return 1; }
  // A short name for captions and exports, e.g. "latent edit" or "non-local means".
  virtual QString name() const = 0;
  virtual std::vector<QImage> render(double alpha, const std::vector<int>& frames) const = 0;
};

// The renderer's frames at `alpha` as a clip with `like`'s size and metadata (exports, batch runs,
// sweeps), rendered in the renderer's preferred batches. Error when a frame has the wrong size.
Clip renderClip(const FrameRenderer& renderer, const Clip& like, double alpha,
                const Progress& progress = {});

}  // namespace latentecho::studio

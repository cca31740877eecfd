#pragma once
// The paper's edit as a FrameRenderer: frame i at α is G'(w_i + α·d), G' the clip's PTI-tuned
// generator and w_i its pivots (latentecho/io/tuned_clip.h), d the edit direction. Frames are made
// by the generator's fused, batched inference path (preferredBatch() frames per shared-weight
// pass), blanked outside the clip's ultrasound sector as the original is, and resized to the size
// the studio shows when the generator's resolution differs.
//
// Thread-safety: render() only reads the tuned generator (inference passes may run concurrently,
// stylegan2.h), so the render worker and an export job may call it at once.
#include <QSize>
#include <memory>

#include "frame_renderer.h"
#include "preferences_dialog.h"

namespace latentecho {
struct TunedClip;
struct Clip;
class EditDirection;
class Progress;
}  // namespace latentecho

namespace latentecho::studio {

class LatentRenderer : public FrameRenderer {
 public:
  // `tuned` holds the tuned generator and one pivot per frame; `direction` must match its W+
  // ([num_ws, w_dim]), else Error naming both shapes. Frames come out at `outputSize`.
  LatentRenderer(std::shared_ptr<const TunedClip> tuned,
                 std::shared_ptr<const EditDirection> direction, QSize outputSize,
                 int batchSize = 8);
  ~LatentRenderer() override;

  int frameCount() const override;
  int preferredBatch() const override { return batchSize_; }
  QString name() const override;
  std::vector<QImage> render(double alpha, const std::vector<int>& frames) const override;

  const std::shared_ptr<const TunedClip>& tuned() const { return tuned_; }
  const std::shared_ptr<const EditDirection>& direction() const { return direction_; }

 private:
  std::shared_ptr<const TunedClip> tuned_;
  std::shared_ptr<const EditDirection> direction_;
  QSize outputSize_;
  int batchSize_;
};

}  // namespace latentecho::studio

namespace latentecho::studio {

// What the latent edit uses, as the studio's settings say (Preferences and the Tools menu).
struct LatentEditSettings {
  QString generatorFolder;  // "" = the bundled default generator
  QString encoderFolder;    // "" = the bundled default encoder
  QString directionFile;    // "" = the bundled default direction
  QString cacheFolder;      // "" = defaultTuningCacheFolder()
  // The cache folder's size limit in GiB: a new entry evicts the least recently used ones down to
  // it (latentecho/core/pti_cache.h); the command line's --cache-limit default.
  int cacheLimitGb = settings_keys::kDefaultCacheLimitGb;
  int ptiSteps = 50;
  int frames = 32;  // frames of a clip to enhance, from its first (0 = all)

  static LatentEditSettings fromSettings();  // QSettings, settings_keys
  // Empty when the generator, encoder and direction can all be found; else a sentence naming
  // what is missing (for the enhanced view and the status bar).
  QString missingModels() const;
};

// The PTI cache folder the command line uses too (latentecho/io/tuned_clip.h).
QString defaultTuningCacheFolder();

// Loads the direction `settings` names. Throws Error naming the file.
std::shared_ptr<const EditDirection> loadEditDirection(const LatentEditSettings& settings);

// Tunes the generator to `original` (the clip as read), or reuses its PTI cache entry, over the
// frames window `settings.frames`; the renderer's frames come out at `outputSize`. Reports into
// `progress` (Cancelled stops it); throws Error naming the model, file or setting at fault.
std::shared_ptr<LatentRenderer> tuneLatentRenderer(const LatentEditSettings& settings,
                                                   const Clip& original, const QString& clipName,
                                                   QSize outputSize, const Progress& progress);

// The paper's "real" direction from two folders of clips, encoded with the settings' encoder, saved
// to `outFile` (+ ".json" provenance). Throws Error naming the folder or file at fault.
void computeRealDirection(const LatentEditSettings& settings, const QString& highQualityFolder,
                          const QString& lowQualityFolder, const QString& outFile,
                          const Progress& progress);

}  // namespace latentecho::studio

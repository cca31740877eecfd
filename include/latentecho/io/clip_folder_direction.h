#pragma once
// The paper's "real" edit direction from two folders of clips (edit_direction.h: fromUnpaired):
// mean E(frames of the high-quality clips) - mean E(frames of the low-quality clips),
// `framesPerClip` frames of each clip, evenly spaced, prepared at the encoder's resolution. Used by
// `latentecho direction --hq DIR --lq DIR` and the studio's Tools ▸ Direction menu.
//
// Thread-safety: shares no state; the encoder is only read (E4eEncoder::encode is re-entrant).
#include <string>

#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/edit_direction.h"
#include "latentecho/core/progress.h"

namespace latentecho {

// Every non-hidden file or folder in `highQualityFolder` / `lowQualityFolder` is read as a clip.
// The provenance records both folders, the clips' names and framesPerClip. Throws Error naming the
// folder or clip at fault (missing folder, no clips, a clip without an ultrasound sector).
EditDirection directionFromClipFolders(const E4eEncoder& encoder,
                                       const std::string& highQualityFolder,
                                       const std::string& lowQualityFolder, int framesPerClip = 8,
                                       int batchSize = 8, const Progress& progress = {});

}  // namespace latentecho

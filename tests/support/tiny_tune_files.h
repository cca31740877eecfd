#pragma once
// What the CLI's tune, enhance and bench tests run on: the bundled sample's first frames as a
// small lossless GIF (quick to read), a tiny random generator saved as a model folder, W+ pivots
// for it in a file (no encoder), and a cache folder, all in a temporary folder.
#include <string>

#include "latentecho/core/stylegan2_model.h"
#include "latentecho/core/torch_checkpoint.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/clip_writer.h"
#include "temp_dir.h"
#include "tiny_generator.h"

namespace latentecho::testing {

struct TinyTuneFiles {
  TempDir dir;
  std::string model = dir.file("model");
  std::string pivots = dir.file("pivots.pt");
  std::string cache = dir.file("cache");
  std::string clip = dir.file("clip.gif");
  StyleGan2Generator generator = tinyGenerator(1);

  explicit TinyTuneFiles(int frames) {
    ReadLimits limits;
    limits.maxFrames = frames;
    writeClip(
        readClip(std::string(LATENTECHO_SOURCE_DIR) + "/resources/samples/sample_a4c.avi", limits),
        clip);
    saveStyleGan2Generator(model, *generator, {{"made", "test"}});
    writeTorchTensor(pivots, tinyCodes(*generator, frames, 2));
  }
};

}  // namespace latentecho::testing

// `latentecho import echonet-segmenter IN --out DIR`: EchoNet-Dynamic's DeepLabV3-ResNet50
// segmentation checkpoint (or any torchvision DeepLabV3-ResNet state dict with one class) into an
// "lv-segmenter" model folder.
#include <filesystem>
#include <string>

#include "command.h"
#include "latentecho/core/lv_segmenter.h"

namespace latentecho::cli {

void importEchoNetSegmenterModel(const std::string& in, const std::string& out, bool half,
                                 Session& session) {
  const Progress progress = session.progress();
  progress.report(0.0, "reading " + in);
  // EchoNet normalises by its training set's mean and std, which the checkpoint does not hold;
  // each clip's own statistics stand in (edit model.json's input to fix them).
  SegmenterNormalisation normalisation;
  normalisation.perClip = true;
  LvSegmenter segmenter = importEchoNetSegmenter(in, normalisation);
  progress.report(0.6, "writing " + out);
  std::string command = "latentecho import echonet-segmenter " + in + " --out " + out;
  if (half) command += " --half";
  const nlohmann::json provenance = {
      {"source", "imported"},
      {"format", "echonet-segmenter"},
      {"file", std::filesystem::absolute(in).string()},
      {"command", command},
      {"note",
       "torchvision DeepLabV3-ResNet state dict (EchoNet-Dynamic checkpoint['state_dict'], "
       "'module.' prefixes removed); architecture read from tensor shapes; ASPP rates 12/24/36 "
       "(torchvision's, not stored in weights); input normalised by each clip's mean and std "
       "because the checkpoint does not record EchoNet's training-set statistics"}};
  segmenter.save(out, provenance, half ? at::kHalf : at::kFloat);
  progress.report(1.0, "done");
  const LvSegmenterConfig& config = segmenter.config();
  session.result["format"] = "echonet-segmenter";
  session.result["in"] = in;
  session.result["model"] = out;
  session.result["kind"] = kLvSegmenterKind;
  session.result["config"] = lvSegmenterConfigToJson(config);
  session.result["tensors"] = segmenter.tensors().size();
  session.say("Imported a DeepLabV3-ResNet LV segmenter (blocks " +
              std::to_string(config.deeplab.blocks[0]) + "/" +
              std::to_string(config.deeplab.blocks[1]) + "/" +
              std::to_string(config.deeplab.blocks[2]) + "/" +
              std::to_string(config.deeplab.blocks[3]) + ") into " + out);
}

}  // namespace latentecho::cli

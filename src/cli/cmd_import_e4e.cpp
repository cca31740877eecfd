// `latentecho import e4e IN --out DIR [--half]`: the encoder of an official encoder4editing
// checkpoint (torch.save of {"state_dict": {"encoder.*", "decoder.*"}, "latent_avg", "opts"}, or a
// bare encoder state dict) into an "e4e-encoder" model folder.
#include <filesystem>
#include <string>

#include "command.h"
#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/error.h"

namespace latentecho::cli {

void importE4eModel(const std::string& in, const std::string& out, bool half, Session& session) {
  const Progress progress = session.progress();
  progress.report(0.0, "reading " + in);
  const E4eCheckpoint checkpoint = readE4eCheckpoint(in);
  progress.report(0.4, "checking tensors");
  const E4eEncoder encoder = e4eEncoderFromCheckpoint(checkpoint, in);
  const E4eEncoderConfig& c = encoder.config();
  progress.report(0.7, "writing " + out);
  std::string command = "latentecho import e4e " + in + " --out " + out;
  if (half) command += " --half";
  nlohmann::json provenance = {
      {"source", "imported"},
      {"format", "e4e"},
      {"file", std::filesystem::absolute(in).string()},
      {"command", command},
      {"note",
       "official encoder4editing Encoder4Editing weights (checkpoint 'state_dict' keys under "
       "'encoder.', 'latent_avg'); architecture inferred from tensor names and shapes"}};
  if (!checkpoint.latentAvg.defined())
    provenance["warning"] =
        "the checkpoint has no latent_avg: codes lack the generator's average w (stored as zero)";
  encoder.save(out, provenance, half ? at::kHalf : at::kFloat);
  progress.report(1.0, "done");

  nlohmann::json& result = session.result;
  result["format"] = "e4e";
  result["in"] = in;
  result["model"] = out;
  result["kind"] = kE4eEncoderKind;
  result["config"] = e4eEncoderConfigToJson(c);
  result["tensors"] = checkpoint.encoder.size() + 1;
  result["latent_avg"] = checkpoint.latentAvg.defined();
  session.say("Imported an e4e encoder (" + std::to_string(c.resolution) + "x" +
              std::to_string(c.resolution) + " x " + std::to_string(c.imageChannels) +
              " channels -> " + std::to_string(c.numWs) + " x " + std::to_string(c.wDim) +
              " W+) into " + out);
}

}  // namespace latentecho::cli

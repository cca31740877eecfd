// `latentecho import echonet-ef IN --out DIR [--mean M --std S]`: EchoNet-Dynamic's R(2+1)D-18 EF
// regressor checkpoint (or any torchvision r2plus1d state dict with 1 output) into an
// "ef-regressor" model folder with EchoNet's input convention (32 frames, period 2, 112 x 112).
#include <filesystem>
#include <sstream>
#include <string>

#include "command.h"
#include "latentecho/core/ef_regressor.h"
#include "latentecho/core/error.h"

namespace latentecho::cli {

void importEchoNetEfModel(const std::string& in, const std::string& out, bool half,
                          const std::vector<double>& mean, const std::vector<double>& std,
                          Session& session) {
  const Progress progress = session.progress();
  progress.report(0.0, "reading " + in);
  // EchoNet normalises by its training set's per-channel mean and std, which the checkpoint does
  // not hold: given on the command line, or each clip's own statistics stand in.
  VideoInputConfig normalisation;
  normalisation.perClip = mean.empty();
  if (mean.size() != std.size())
    throw Error("import echonet-ef: give --mean and --std together, with as many values each");
  if (!mean.empty()) {
    normalisation.mean = mean;
    normalisation.std = std;
  }
  EfRegressor regressor = importEchoNetEfRegressor(in, normalisation);
  progress.report(0.6, "writing " + out);
  std::ostringstream command;
  command << "latentecho import echonet-ef " << in << " --out " << out;
  for (std::size_t i = 0; i < mean.size(); ++i)
    command << " --mean " << mean[i] << " --std " << std[i];
  if (half) command << " --half";
  const nlohmann::json provenance = {
      {"source", "imported"},
      {"format", "echonet-ef"},
      {"file", std::filesystem::absolute(in).string()},
      {"command", command.str()},
      {"note",
       "torchvision r2plus1d_18 state dict with fc -> 1 output (EchoNet-Dynamic "
       "checkpoint['state_dict'], 'module.' prefixes removed); depth and widths read from tensor "
       "shapes; input as echonet/utils/video.py: 32 frames, period 2, 112 x 112, grey repeated "
       "over 3 channels, " +
           std::string(mean.empty() ? "normalised by each clip's mean and std (the checkpoint does "
                                      "not record EchoNet's training-set statistics)"
                                    : "normalised by the given training-set mean and std")}};
  regressor.model().save(out, provenance, half ? at::kHalf : at::kFloat);
  progress.report(1.0, "done");
  const R2Plus1dConfig& config = regressor.model().networkConfig();
  session.result["format"] = "echonet-ef";
  session.result["in"] = in;
  session.result["model"] = out;
  session.result["kind"] = kEfRegressorKind;
  session.result["config"] = r2plus1dConfigToJson(config);
  session.result["input"] = videoInputConfigToJson(regressor.model().input());
  session.result["tensors"] = regressor.model().tensors().size();
  session.say("Imported an R(2+1)D EF regressor (widths " + std::to_string(config.widths[0]) +
              ".." + std::to_string(config.widths[3]) + ") into " + out);
}

}  // namespace latentecho::cli

// `latentecho export FORMAT --model DIR --out FILE`: a model folder back into a third-party
// format, for users going back to Python.
#include <chrono>
#include <memory>
#include <string>

#include "command.h"
#include "latentecho/core/error.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/core/torch_checkpoint.h"

namespace latentecho::cli {
namespace {

struct ExportOptions {
  std::string format;
  std::string model;
  std::string out;
};

// A plain dict {official name: tensor}: torch.load gives a dict the official
// Generator(...).load_state_dict accepts.
void exportStyleGan2(const ExportOptions& options, Session& session) {
  const auto start = std::chrono::steady_clock::now();
  const Progress progress = session.progress();
  progress.report(0.0, "loading " + options.model);
  LoadedStyleGan2Generator loaded = loadStyleGan2Generator(options.model);
  const TensorMap tensors = styleGan2GeneratorTensors(*loaded.generator);
  progress.report(0.5, "writing " + options.out);
  writeTorchStateDict(options.out, tensors);
  progress.report(1.0, "done");

  const StyleGan2GeneratorConfig& c = loaded.generator->config();
  nlohmann::json& result = session.result;
  result["format"] = options.format;
  result["model"] = options.model;
  result["out"] = options.out;
  result["tensors"] = tensors.size();
  // The official constructor arguments that rebuild this network in Python.
  nlohmann::json synthesisKwargs = {
      {"conv_clamp", c.convClamp ? nlohmann::json(*c.convClamp) : nlohmann::json()}};
  if (c.channelBase && c.channelMax) {
    synthesisKwargs["channel_base"] = *c.channelBase;
    synthesisKwargs["channel_max"] = *c.channelMax;
  }
  result["generatorKwargs"] = {{"z_dim", c.zDim},
                               {"c_dim", c.cDim},
                               {"w_dim", c.wDim},
                               {"img_resolution", c.resolution},
                               {"img_channels", c.imageChannels},
                               {"mapping_kwargs", {{"num_layers", c.mappingLayers}}},
                               {"synthesis_kwargs", synthesisKwargs}};
  result["seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  session.say("Wrote " + std::to_string(tensors.size()) + " tensors to " + options.out);
}

}  // namespace

void addExportCommand(CLI::App& app, Session& session) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write a model folder in a third-party format (a state dict for Python)");
  cmd->add_option("FORMAT", options->format, "Target format")
      ->required()
      ->check(CLI::IsMember({"stylegan2-ada-pytorch"}));
  cmd->add_option("--model", options->model, "Model folder")->required();
  cmd->add_option("--out", options->out, "The .pt file to write (torch.load reads it)")
      ->required();
  cmd->callback([options, &session] {
    session.action = [options, &session] { exportStyleGan2(*options, session); };
  });
}

}  // namespace latentecho::cli

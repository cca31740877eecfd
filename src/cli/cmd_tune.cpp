// `latentecho tune CLIP [--model DIR] [--encoder DIR | --pivots W.pt] [--cache DIR]`: pivotal
// tuning of the generator for one clip, kept in the PTI cache (a valid entry is reused).
#include <memory>

#include "command.h"
#include "tuned_clip.h"

namespace latentecho::cli {
namespace {

void runTune(const TuneInputs& inputs, Session& session) {
  const Progress progress = session.progress();
  TunedClip tuned = prepareAndTune(inputs, progress, session);
  progress.report(1.0, "done");
  session.result = tuned.report;
  const nlohmann::json& quality = tuned.report["quality"];
  if (quality.contains("after") && quality["after"].contains("psnr"))
    session.say("Reconstruction PSNR " + std::to_string(quality["before"]["psnr"].get<double>()) +
                " dB before tuning, " + std::to_string(quality["after"]["psnr"].get<double>()) +
                " dB after");
}

}  // namespace

void addTuneCommand(CLI::App& app, Session& session) {
  auto inputs = std::make_shared<TuneInputs>();
  CLI::App* cmd = app.add_subcommand(
      "tune", "Pivotal tuning (PTI) of the generator for a clip; reuses a valid PTI cache entry");
  addTuneOptions(cmd, *inputs);
  cmd->callback(
      [inputs, &session] { session.action = [inputs, &session] { runTune(*inputs, session); }; });
}

}  // namespace latentecho::cli

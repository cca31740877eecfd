#include "supervised_checkpoint.h"

#include <torch/serialize.h>

#include <filesystem>
#include <fstream>

#include "binary_file.h"
#include "latentecho/core/error.h"
#include "latentecho/core/safetensors.h"

namespace latentecho::detail {

namespace fs = std::filesystem;

SupervisedCheckpoint::SupervisedCheckpoint(const std::string& folder, nlohmann::json identity)
    : statePath_((fs::path(folder) / "state.json").string()),
      networkPath_((fs::path(folder) / "network.safetensors").string()),
      optimizerPath_((fs::path(folder) / "optimizer.pt").string()),
      identity_(std::move(identity)) {
  fs::create_directories(folder);
}

std::optional<SupervisedCheckpoint::Restored> SupervisedCheckpoint::restore(
    const std::function<void(const TensorMap&, const std::string&)>& loadNetwork,
    torch::optim::Optimizer& optimizer) const {
  if (!fs::exists(statePath_)) return std::nullopt;
  nlohmann::json state;
  try {
    std::ifstream in(statePath_);
    state = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw Error(statePath_ + ": unreadable checkpoint state (" + e.what() +
                "); delete the checkpoint folder to start over");
  }
  if (state.value("identity", nlohmann::json()) != identity_)
    throw Error(statePath_ + ": the checkpoint belongs to another configuration (" +
                state.value("identity", nlohmann::json()).dump() +
                "); use another --out or delete the checkpoint folder to start over");
  loadNetwork(readSafetensors(networkPath_).tensors, networkPath_);
  torch::load(optimizer, optimizerPath_);
  Restored restored;
  restored.step = state.at("step").get<int>();
  restored.history = state.value("history", nlohmann::json::array());
  if (state.contains("best")) restored.best = state["best"];
  return restored;
}

void SupervisedCheckpoint::save(const TensorMap& network, torch::optim::Optimizer& optimizer,
                                int step, const nlohmann::json& history,
                                const std::optional<nlohmann::json>& best) const {
  writeSafetensors(networkPath_, network);
  torch::save(optimizer, optimizerPath_ + ".tmp");
  fs::rename(optimizerPath_ + ".tmp", optimizerPath_);
  nlohmann::json state = {{"identity", identity_}, {"step", step}, {"history", history}};
  if (best) state["best"] = *best;
  const std::string text = state.dump(2);
  writeFileAtomically(statePath_, {{text.data(), text.size()}});
}

}  // namespace latentecho::detail

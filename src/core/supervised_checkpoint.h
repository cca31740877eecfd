#pragma once
// The resumable state of the core's supervised trainers (the LV segmenter, the video models;
// private to the core): one checkpoint folder with the network's tensors (network.safetensors), the
// optimiser's state (optimizer.pt) and state.json: the run's identity (architecture and training
// settings; a checkpoint of another identity is refused, never silently continued), the step
// reached, the validation history and the best validation so far (each trainer's own JSON).
//
// Thread-safety: none needed; one trainer uses it at a time.
#include <torch/optim/optimizer.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "latentecho/core/torch_checkpoint.h"  // TensorMap

namespace latentecho::detail {

class SupervisedCheckpoint {
 public:
  // Creates `folder` when missing.
  SupervisedCheckpoint(const std::string& folder, nlohmann::json identity);

  struct Restored {
    int step = 0;
    nlohmann::json history = nlohmann::json::array();
    std::optional<nlohmann::json> best;
  };
  // When the folder holds a checkpoint: hands its tensors to `loadNetwork` (with the file's path
  // for messages), restores `optimizer` and returns the rest. nullopt for a fresh folder. Throws
  // Error for an unreadable state or one of another identity, saying how to start over.
  std::optional<Restored> restore(
      const std::function<void(const TensorMap&, const std::string&)>& loadNetwork,
      torch::optim::Optimizer& optimizer) const;

  // Writes the three files, each atomically (state.json last: a crash in between leaves the
  // previous step's state, which then restores the newer weights; both are valid checkpoints).
  void save(const TensorMap& network, torch::optim::Optimizer& optimizer, int step,
            const nlohmann::json& history, const std::optional<nlohmann::json>& best) const;

 private:
  std::string statePath_, networkPath_, optimizerPath_;
  nlohmann::json identity_;
};

}  // namespace latentecho::detail

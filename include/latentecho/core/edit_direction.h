#pragma once
// Edit directions in W+ and the edit itself (PAPER.md §2, Eq. 2 and 3).
//
// Synthetic direction (Eq. 2): d = (1/P) sum_i (E(x_h,i) - E(x^_l,i)) over P pairs of a
// high-quality frame and its simulated low-quality version (low_quality_simulation.h; the paper
// uses P = 40). Real direction (the paper's ablation): mean E(HQ set) - mean E(LQ set), unpaired.
// Enhancement (Eq. 3): frame_i = G'(w_i + alpha d), G' the clip's tuned generator.
//
// The encoder is a callback so that this unit does not depend on a particular encoder:
//   frames [B, C, R, R] in [-1, 1] -> codes [B, num_ws, w_dim].
//
// Files: the direction is a torch.save'd float32 tensor [num_ws, w_dim] (readable by torch.load,
// and any such tensor written in Python loads here); its provenance (how it was made: pairs,
// encoder, simulation parameters) goes beside it in "<file>.json" and is optional on load.
//
// Thread-safety: an EditDirection is a value; the functions share no state.
#include <ATen/ATen.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "latentecho/core/progress.h"
#include "latentecho/core/stylegan2.h"

namespace latentecho {

using LatentEncoder = std::function<at::Tensor(const at::Tensor& frames)>;

class EditDirection {
 public:
  EditDirection() = default;
  // `direction` [num_ws, w_dim] (a leading dimension of 1 is dropped), floating point.
  explicit EditDirection(const at::Tensor& direction,
                         nlohmann::json provenance = nlohmann::json::object());

  // Eq. 2 over the P pairs (highQuality[i], lowQuality[i]), both [P, C, R, R] in [-1, 1],
  // encoded `batchSize` frames at a time. Throws Error when the shapes differ or P = 0.
  static EditDirection fromPairs(const LatentEncoder& encode, const at::Tensor& highQuality,
                                 const at::Tensor& lowQuality, int64_t batchSize = 8,
                                 const Progress& progress = {});
  // mean E(highQuality) - mean E(lowQuality); the sets may differ in size.
  static EditDirection fromUnpaired(const LatentEncoder& encode, const at::Tensor& highQuality,
                                    const at::Tensor& lowQuality, int64_t batchSize = 8,
                                    const Progress& progress = {});

  bool empty() const { return !direction_.defined(); }
  const at::Tensor& tensor() const { return direction_; }  // float32 [num_ws, w_dim], CPU
  int64_t numWs() const { return direction_.size(0); }
  int64_t wDim() const { return direction_.size(1); }
  const nlohmann::json& provenance() const { return provenance_; }
  nlohmann::json& provenance() { return provenance_; }

  // ws [N, num_ws, w_dim] + alpha d (on ws' device and dtype). Throws Error on a shape mismatch.
  at::Tensor apply(const at::Tensor& ws, double alpha) const;

  // Writes the tensor to `path` and the provenance to `path` + ".json", each atomically.
  void save(const std::string& path) const;
  // Reads a direction; Error naming the file when it is missing or not a float tensor
  // [num_ws, w_dim] (or [1, num_ws, w_dim]).
  static EditDirection load(const std::string& path);

 private:
  at::Tensor direction_;
  nlohmann::json provenance_ = nlohmann::json::object();
};

// Encodes frames [N, C, R, R] `batchSize` at a time (progress per batch); checks the encoder
// returned [n, num_ws, w_dim] for each batch. float32 CPU.
at::Tensor encodeFrames(const LatentEncoder& encode, const at::Tensor& frames, int64_t batchSize,
                        const Progress& progress = {});

// Eq. 3 for a clip: G(pivots + alpha d), `batchSize` frames per shared-weight synthesis pass,
// no grad. pivots [T, num_ws, w_dim] -> frames [T, C, R, R] in about [-1, 1], on the CPU.
// alpha = 0 renders the pivots unchanged (the tuned reconstruction).
at::Tensor renderEdit(StyleGan2GeneratorImpl& generator, const at::Tensor& pivots,
                      const EditDirection& direction, double alpha, int64_t batchSize = 8,
                      NoiseMode noise = NoiseMode::Const, const Progress& progress = {});

}  // namespace latentecho

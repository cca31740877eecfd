#include "latentecho/core/edit_direction.h"

#include <ATen/core/grad_mode.h>

#include "binary_file.h"
#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"  // shapeToString
#include "latentecho/core/torch_checkpoint.h"

namespace latentecho {
namespace {

at::Tensor checkedDirection(const at::Tensor& direction, const std::string& source) {
  at::Tensor d = direction;
  if (d.dim() == 3 && d.size(0) == 1) d = d.squeeze(0);
  if (!d.defined() || d.dim() != 2 || d.size(0) < 1 || d.size(1) < 1 ||
      !at::isFloatingType(d.scalar_type()))
    throw Error(source + ": an edit direction must be a float tensor [num_ws, w_dim], got " +
                (d.defined() ? shapeToString(direction.sizes()) : std::string("nothing")));
  return d.detach().to(at::kCPU, at::kFloat).contiguous();
}

void checkFrames(const at::Tensor& frames, const char* what) {
  if (frames.dim() != 4 || frames.size(0) < 1 || !at::isFloatingType(frames.scalar_type()))
    throw Error(std::string("edit direction: ") + what +
                " frames must be a non-empty float tensor [N, C, R, R], got " +
                shapeToString(frames.sizes()));
}

}  // namespace

EditDirection::EditDirection(const at::Tensor& direction, nlohmann::json provenance)
    : direction_(checkedDirection(direction, "edit direction")),
      provenance_(std::move(provenance)) {}

at::Tensor encodeFrames(const LatentEncoder& encode, const at::Tensor& frames, int64_t batchSize,
                        const Progress& progress) {
  if (!encode) throw Error("edit direction: no encoder");
  at::NoGradGuard noGrad;
  const int64_t count = frames.size(0);
  const int64_t batch = std::max<int64_t>(1, batchSize);
  std::vector<at::Tensor> codes;
  for (int64_t first = 0; first < count; first += batch) {
    progress.report(static_cast<double>(first) / static_cast<double>(count), "encoding frames");
    const int64_t n = std::min(batch, count - first);
    at::Tensor w = encode(frames.narrow(0, first, n));
    if (!w.defined() || w.dim() != 3 || w.size(0) != n)
      throw Error("the encoder returned " +
                  (w.defined() ? shapeToString(w.sizes()) : std::string("nothing")) + " for " +
                  std::to_string(n) + " frames; expected [" + std::to_string(n) +
                  ", num_ws, w_dim]");
    if (!codes.empty() && w.sizes().slice(1) != codes.front().sizes().slice(1))
      throw Error("the encoder returned codes of different shapes for different batches");
    codes.push_back(w.detach().to(at::kCPU, at::kFloat));
  }
  progress.report(1.0, "encoded");
  return at::cat(codes, 0);
}

EditDirection EditDirection::fromPairs(const LatentEncoder& encode, const at::Tensor& highQuality,
                                       const at::Tensor& lowQuality, int64_t batchSize,
                                       const Progress& progress) {
  checkFrames(highQuality, "high-quality");
  checkFrames(lowQuality, "low-quality");
  if (highQuality.sizes() != lowQuality.sizes())
    throw Error("edit direction: the pairs' high- and low-quality frames differ in shape: " +
                shapeToString(highQuality.sizes()) + " vs " + shapeToString(lowQuality.sizes()));
  at::Tensor wh = encodeFrames(encode, highQuality, batchSize, progress.sub(0.0, 0.5));
  at::Tensor wl = encodeFrames(encode, lowQuality, batchSize, progress.sub(0.5, 1.0));
  // Eq. 2, accumulated in float64 so that the order of the sum does not matter at float32.
  at::Tensor d = (wh.to(at::kDouble) - wl.to(at::kDouble)).mean(0).to(at::kFloat);
  return EditDirection(d, {{"method", "synthetic pairs (Eq. 2)"}, {"pairs", highQuality.size(0)}});
}

EditDirection EditDirection::fromUnpaired(const LatentEncoder& encode,
                                          const at::Tensor& highQuality,
                                          const at::Tensor& lowQuality, int64_t batchSize,
                                          const Progress& progress) {
  checkFrames(highQuality, "high-quality");
  checkFrames(lowQuality, "low-quality");
  if (highQuality.sizes().slice(1) != lowQuality.sizes().slice(1))
    throw Error("edit direction: high- and low-quality frames differ in size: " +
                shapeToString(highQuality.sizes()) + " vs " + shapeToString(lowQuality.sizes()));
  at::Tensor wh = encodeFrames(encode, highQuality, batchSize, progress.sub(0.0, 0.5));
  at::Tensor wl = encodeFrames(encode, lowQuality, batchSize, progress.sub(0.5, 1.0));
  at::Tensor d = (wh.to(at::kDouble).mean(0) - wl.to(at::kDouble).mean(0)).to(at::kFloat);
  return EditDirection(d, {{"method", "unpaired sets (real direction)"},
                           {"highQualityFrames", highQuality.size(0)},
                           {"lowQualityFrames", lowQuality.size(0)}});
}

at::Tensor EditDirection::apply(const at::Tensor& ws, double alpha) const {
  if (empty()) throw Error("edit direction: empty");
  if (ws.dim() != 3 || ws.size(1) != numWs() || ws.size(2) != wDim())
    throw Error("edit direction [" + std::to_string(numWs()) + "," + std::to_string(wDim()) +
                "] does not fit W+ codes of shape " + shapeToString(ws.sizes()) +
                " (made for another generator?)");
  return ws + alpha * direction_.to(ws.device(), ws.scalar_type()).unsqueeze(0);
}

void EditDirection::save(const std::string& path) const {
  if (empty()) throw Error(path + ": cannot save an empty edit direction");
  writeTorchTensor(path, direction_);
  nlohmann::json sidecar = provenance_;
  sidecar["shape"] = direction_.sizes().vec();
  const std::string text = sidecar.dump(2) + "\n";
  detail::writeFileAtomically(path + ".json", {{text.data(), text.size()}});
}

EditDirection EditDirection::load(const std::string& path) {
  at::Tensor tensor = readTorchTensor(path);
  nlohmann::json provenance = nlohmann::json::object();
  const std::string sidecar = path + ".json";
  std::vector<char> bytes;
  try {
    bytes = detail::readFileBytes(sidecar);
  } catch (const Error&) {
    // No provenance: a direction made elsewhere (e.g. in Python) is still a direction.
  }
  if (!bytes.empty()) {
    try {
      provenance = nlohmann::json::parse(bytes.begin(), bytes.end());
    } catch (const nlohmann::json::exception&) {
      throw Error(sidecar + ": the direction's provenance is not valid JSON");
    }
  }
  return EditDirection(checkedDirection(tensor, path), provenance);
}

at::Tensor renderEdit(StyleGan2GeneratorImpl& generator, const at::Tensor& pivots,
                      const EditDirection& direction, double alpha, int64_t batchSize,
                      NoiseMode noise, const Progress& progress) {
  if (pivots.dim() != 3 || pivots.size(1) != generator.numWs() ||
      pivots.size(2) != generator.config().wDim)
    throw Error("render: pivots must be [T, " + std::to_string(generator.numWs()) + ", " +
                std::to_string(generator.config().wDim) + "] for this generator, got " +
                shapeToString(pivots.sizes()));
  at::NoGradGuard noGrad;
  at::Device device(at::kCPU);
  for (const auto& p : generator.parameters()) {
    device = p.device();
    break;
  }
  stylegan2::SynthesisOptions options;
  options.noise = noise;
  const int64_t count = pivots.size(0);
  const int64_t batch = std::max<int64_t>(1, batchSize);
  std::vector<at::Tensor> frames;
  for (int64_t first = 0; first < count; first += batch) {
    progress.report(static_cast<double>(first) / static_cast<double>(std::max<int64_t>(count, 1)),
                    "rendering");
    const int64_t n = std::min(batch, count - first);
    at::Tensor ws = pivots.narrow(0, first, n).to(device, at::kFloat);
    if (alpha != 0.0) ws = direction.apply(ws, alpha);
    frames.push_back(generator.synthesize(ws, options).to(at::kCPU));
  }
  progress.report(1.0, "rendered");
  if (frames.empty())
    return at::empty({0, generator.config().imageChannels, generator.config().resolution,
                      generator.config().resolution});
  return at::cat(frames, 0);
}

}  // namespace latentecho

#include "latentecho/core/video_model.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "latentecho/core/error.h"
#include "latentecho/core/lv_segmenter.h"  // resizeImages

namespace latentecho {

VideoModel::VideoModel(std::string kind, const R2Plus1dConfig& network,
                       const VideoInputConfig& input, double outputOffset, double outputScale)
    : kind_(std::move(kind)),
      input_(input),
      outputOffset_(outputOffset),
      outputScale_(outputScale) {
  if (kind_ != kEfRegressorKind && kind_ != kQualityClassifierKind)
    throw Error("video model: unknown kind '" + kind_ + "' (expected '" + kEfRegressorKind +
                "' or '" + kQualityClassifierKind + "')");
  if (network.outputs != 1)
    throw Error("video model: the network must have 1 output, not " +
                std::to_string(network.outputs));
  if (input.frames < 1 || input.period < 1 || input.size < 4 || input.size > 1024 ||
      !(input.fps >= 0.0))
    throw Error(
        "video model: frames and period must be >= 1, the size lie in 4..1024 and the "
        "frame rate be >= 0");
  const std::size_t channels = static_cast<std::size_t>(network.inChannels);
  if (!input.perClip &&
      (input.mean.empty() || input.std.empty() ||
       (input.mean.size() != 1 && input.mean.size() != channels) ||
       (input.std.size() != 1 && input.std.size() != channels) ||
       std::any_of(input.std.begin(), input.std.end(), [](double s) { return !(s > 0); })))
    throw Error(
        "video model: the normalisation needs one mean and one positive std, or one per input "
        "channel (" +
        std::to_string(channels) + ")");
  if (!std::isfinite(outputOffset) || !std::isfinite(outputScale) || outputScale == 0.0)
    throw Error("video model: the output offset and scale must be finite, the scale nonzero");
  network_ = R2Plus1d(network);
}

TensorMap VideoModel::tensors() const {
  TensorMap out;
  for (const auto& item : network_->named_parameters(true))
    out[item.key()] = item.value().detach().clone();
  for (const auto& item : network_->named_buffers(true))
    out[item.key()] = item.value().detach().clone();
  return out;
}

std::vector<TensorSpec> VideoModel::tensorSpecs() const {
  std::vector<TensorSpec> specs;
  for (const auto& item : network_->named_parameters(true))
    specs.push_back({item.key(), item.value().sizes().vec(), item.value().scalar_type()});
  for (const auto& item : network_->named_buffers(true))
    specs.push_back({item.key(), item.value().sizes().vec(), item.value().scalar_type()});
  return specs;
}

void VideoModel::loadTensors(const TensorMap& tensors, const std::string& source) {
  TensorMap converted;
  for (const auto& [name, tensor] : tensors)
    converted[name] = tensor.is_floating_point() ? tensor.to(at::kFloat) : tensor;
  validateTensors(converted, tensorSpecs(), source);
  for (const auto& [name, tensor] : converted)
    if (tensor.is_floating_point() && !at::isfinite(tensor).all().item<bool>())
      throw Error(source + ": tensor '" + name + "' holds NaN or infinite values");
  at::NoGradGuard noGrad;
  for (auto& item : network_->named_parameters(true)) item.value().copy_(converted.at(item.key()));
  for (auto& item : network_->named_buffers(true)) item.value().copy_(converted.at(item.key()));
}

nlohmann::json videoInputConfigToJson(const VideoInputConfig& input) {
  return {{"frames", input.frames},
          {"period", input.period},
          {"size", input.size},
          {"fps", input.fps},
          {"per_clip_normalisation", input.perClip},
          {"mean", input.mean},
          {"std", input.std}};
}

VideoInputConfig videoInputConfigFromJson(const nlohmann::json& input, const std::string& source) {
  VideoInputConfig c;
  try {
    c.frames = input.at("frames").get<int>();
    c.period = input.at("period").get<int>();
    c.size = input.at("size").get<int>();
    c.fps = input.at("fps").get<double>();
    c.perClip = input.at("per_clip_normalisation").get<bool>();
    c.mean = input.at("mean").get<std::vector<double>>();
    c.std = input.at("std").get<std::vector<double>>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(source +
                ": the video model's input section is incomplete or malformed: " + e.what());
  }
  return c;
}

void VideoModel::save(const std::string& folder, const nlohmann::json& provenance,
                      at::ScalarType floatStorage) const {
  ModelFolder model;
  model.kind = kind_;
  model.version = 1;
  model.config = r2plus1dConfigToJson(network_->config());
  model.input = videoInputConfigToJson(input_);
  model.input["layout"] =
      "float32 [N, C, frames, S, S]; the grey frame repeated over C; windows of every period-th "
      "frame, clips shorter than frames * period padded with the mean grey";
  if (kind_ == kEfRegressorKind)
    model.output = {{"offset", outputOffset_},
                    {"scale", outputScale_},
                    {"value", "LVEF percent = offset + scale * fc, averaged over the windows"}};
  else
    model.output = {{"value", "P_hq = sigmoid(fc), averaged over the windows"}};
  model.normalisation = input_.perClip ? "x = (grey - mean of the clip) / (std of the clip)"
                                       : "x = (grey - mean) / std, grey levels 0..255, per channel";
  model.provenance = provenance;
  model.tensors = tensors();
  writeModelFolder(folder, model, floatStorage);
}

VideoModel VideoModel::load(const std::string& folder, const std::string& expectedKind) {
  const ModelFolder model = readModelFolder(folder, expectedKind);
  double offset = 0.0, scale = 1.0;
  if (expectedKind == kEfRegressorKind) {
    try {
      offset = model.output.at("offset").get<double>();
      scale = model.output.at("scale").get<double>();
    } catch (const nlohmann::json::exception& e) {
      throw Error(folder + ": model.json's output lacks the EF offset and scale: " + e.what());
    }
  }
  VideoModel video(expectedKind, r2plus1dConfigFromJson(model.config, folder),
                   videoInputConfigFromJson(model.input, folder), offset, scale);
  video.loadTensors(model.tensors, folder);
  video.network_->eval();
  return video;
}

at::Tensor VideoModel::resizeFrames(const at::Tensor& framesUint8, double clipFps) const {
  if (framesUint8.dim() != 3 || framesUint8.size(0) < 1)
    throw Error("video model: expected frames [T, H, W] with T >= 1, got " +
                shapeToString(framesUint8.sizes()));
  at::Tensor frames = framesUint8;
  if (input_.fps > 0.0 && clipFps > 0.0 && std::abs(clipFps / input_.fps - 1.0) > 0.01) {
    // Nearest frame at the model's rate: frame j of the resampled clip is at time j / fps.
    const int64_t count = frames.size(0);
    const int64_t resampled =
        std::max<int64_t>(1, std::llround(static_cast<double>(count) * input_.fps / clipFps));
    std::vector<int64_t> index(resampled);
    for (int64_t j = 0; j < resampled; ++j)
      index[j] = std::min<int64_t>(count - 1, std::llround(j * clipFps / input_.fps));
    frames = frames.index_select(0, at::tensor(index, at::kLong));
  }
  return resizeImages(frames.to(at::kFloat).unsqueeze(1), input_.size, input_.size).squeeze(1);
}

std::vector<int64_t> VideoModel::windowStarts(int64_t frameCount, int maxWindows) const {
  const int64_t padded = std::max<int64_t>(frameCount, int64_t{input_.frames} * input_.period);
  const int64_t count = padded - int64_t{input_.frames - 1} * input_.period;
  std::vector<int64_t> starts;
  if (maxWindows < 1 || count <= maxWindows) {
    for (int64_t s = 0; s < count; ++s) starts.push_back(s);
  } else if (maxWindows == 1) {
    starts.push_back((count - 1) / 2);
  } else {
    for (int w = 0; w < maxWindows; ++w)
      starts.push_back(static_cast<int64_t>(
          std::llround(static_cast<double>(w) * (count - 1) / (maxWindows - 1))));
  }
  return starts;
}

at::Tensor VideoModel::networkInput(const at::Tensor& grey,
                                    const std::vector<int64_t>& starts) const {
  if (grey.dim() != 3 || grey.size(1) != input_.size || grey.size(2) != input_.size)
    throw Error("video model: expected grey frames [T, " + std::to_string(input_.size) + ", " +
                std::to_string(input_.size) + "], got " + shapeToString(grey.sizes()));
  const int channels = network_->config().inChannels;
  at::Tensor x;
  if (input_.perClip) {
    const double mean = grey.mean().item<double>();
    const double std = std::max(1e-3, grey.std().item<double>());
    x = ((grey - mean) / std).unsqueeze(0).expand({channels, -1, -1, -1});
  } else {
    auto perChannel = [&](const std::vector<double>& values) {
      std::vector<float> v(channels);
      for (int c = 0; c < channels; ++c)
        v[c] = static_cast<float>(values.size() == 1 ? values[0] : values[c]);
      return at::tensor(v).view({channels, 1, 1, 1});
    };
    x = (grey.unsqueeze(0) - perChannel(input_.mean)) / perChannel(input_.std);
  }
  // x: [C, T, S, S]; zero frames after the end stand for EchoNet's padding.
  const int64_t frameCount = grey.size(0);
  const int64_t padded = std::max<int64_t>(frameCount, int64_t{input_.frames} * input_.period);
  if (padded > frameCount)
    x = at::cat({x, at::zeros({channels, padded - frameCount, input_.size, input_.size})}, 1);
  std::vector<at::Tensor> windows;
  for (int64_t start : starts) {
    const int64_t last = start + int64_t{input_.frames - 1} * input_.period;
    if (start < 0 || last >= padded)
      throw Error("video model: window start " + std::to_string(start) + " lies outside the " +
                  std::to_string(padded) + " (padded) frames");
    windows.push_back(x.slice(1, start, last + 1, input_.period));
  }
  if (windows.empty()) throw Error("video model: no window to take");
  return at::stack(windows).contiguous();
}

at::Tensor VideoModel::mapOutput(const at::Tensor& fcOutput) const {
  const at::Tensor raw = fcOutput.reshape({-1});
  return kind_ == kEfRegressorKind ? raw * outputScale_ + outputOffset_ : at::sigmoid(raw);
}

double VideoModel::predict(const Clip& clip, int maxWindows) {
  if (clip.empty() || clip.pixels.size() != clip.frameCount * clip.frameSize())
    throw Error("video model: the clip is empty or its pixel buffer does not match its size");
  const at::Tensor frames = at::from_blob(const_cast<std::uint8_t*>(clip.pixels.data()),
                                          {clip.frameCount, clip.height, clip.width}, at::kByte);
  at::NoGradGuard noGrad;
  network_->eval();
  const at::Tensor grey = resizeFrames(frames, clip.fps);
  const std::vector<int64_t> starts = windowStarts(grey.size(0), maxWindows);
  // A few windows at a time keeps memory bounded for long clips.
  double sum = 0.0;
  for (std::size_t first = 0; first < starts.size(); first += 4) {
    const std::vector<int64_t> part(starts.begin() + first,
                                    starts.begin() + std::min(starts.size(), first + 4));
    sum += mapOutput(network_->forward(networkInput(grey, part))).sum().item<double>();
  }
  return sum / static_cast<double>(starts.size());
}

TensorMap readR2Plus1dStateDict(const std::string& path) {
  const c10::IValue object = readTorchFile(path);
  TensorMap raw;
  bool wrapped = false;
  if (object.isGenericDict()) {
    for (const auto& entry : object.toGenericDict())
      if (entry.key().isString() && entry.key().toStringRef() == "state_dict") {
        raw = tensorMapFromIValue(entry.value(), path + "['state_dict']");
        wrapped = true;
      }
  }
  if (!wrapped) raw = tensorMapFromIValue(object, path);
  TensorMap tensors;
  for (auto& [name, tensor] : raw)
    tensors[name.rfind("module.", 0) == 0 ? name.substr(7) : name] = tensor;
  return tensors;
}

}  // namespace latentecho

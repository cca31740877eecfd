// `latentecho bench encoder [--model DIR | --preset compact|official] [--frames T] [--batch B]
//                           [--resolution R] --json`
// Milliseconds per frame of the e4e encoder (inference: running BatchNorm statistics, no grad) on
// random frames in [-1, 1]. A benchmark, not a test: nothing here judges the times.
#include <ATen/Parallel.h>

#include <chrono>
#include <memory>
#include <string>

#include "command.h"
#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/error.h"

namespace latentecho::cli {
namespace {

struct BenchEncoderOptions {
  std::string model;
  std::string preset = "compact";
  int64_t frames = 32;
  int64_t batch = 8;
  int64_t warmup = 1;
  int64_t resolution = 256;
  int64_t numWs = 14;
  int64_t wDim = 512;
};

void runBenchEncoder(const BenchEncoderOptions& o, Session& session) {
  std::unique_ptr<E4eEncoder> encoder;
  std::string what;
  if (!o.model.empty()) {
    encoder = std::make_unique<E4eEncoder>(E4eEncoder::load(o.model));
    what = o.model;
  } else {
    at::manual_seed(0);
    const E4eEncoderConfig config =
        o.preset == "official" ? E4eEncoderConfig::officialIrSe50(o.numWs, o.wDim, 1, o.resolution)
                               : E4eEncoderConfig::compact(o.numWs, o.wDim, 1, o.resolution);
    encoder = std::make_unique<E4eEncoder>(config);
    what = "preset " + o.preset;
  }
  const E4eEncoderConfig& c = encoder->config();
  at::manual_seed(1);
  const at::Tensor frames =
      at::rand({o.batch, c.imageChannels, c.resolution, c.resolution}) * 2 - 1;
  for (int64_t i = 0; i < o.warmup; ++i) encoder->encode(frames);
  const Progress progress = session.progress();
  int64_t done = 0;
  const auto start = std::chrono::steady_clock::now();
  while (done < o.frames) {
    const int64_t n = std::min(o.batch, o.frames - done);
    encoder->encode(frames.slice(0, 0, n));
    done += n;
    progress.report(static_cast<double>(done) / static_cast<double>(o.frames), "encoding");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int64_t parameters = 0;
  for (const auto& p : encoder->network()->parameters()) parameters += p.numel();
  nlohmann::json& result = session.result;
  result["encoder"] = what;
  result["config"] = e4eEncoderConfigToJson(c);
  result["parameters"] = parameters;
  result["frames"] = o.frames;
  result["batch"] = o.batch;
  result["threads"] = at::get_num_threads();
  result["ms_per_frame"] = 1000.0 * seconds / static_cast<double>(o.frames);
  session.say("e4e encoder (" + what + "): " + std::to_string(1000.0 * seconds / o.frames) +
              " ms per frame, batch " + std::to_string(o.batch) + ", " +
              std::to_string(at::get_num_threads()) + " threads");
}

}  // namespace

void addBenchEncoderCommand(CLI::App& app, Session& session) {
  CLI::App* bench = subcommandGroup(app, "bench", "Benchmarks (JSON with --json; never tests)");
  auto o = std::make_shared<BenchEncoderOptions>();
  CLI::App* cmd =
      bench->add_subcommand("encoder", "Milliseconds per frame of the e4e encoder (inference)");
  cmd->fallthrough();
  cmd->add_option("--model", o->model, "Encoder model folder (default: random weights)");
  cmd->add_option("--preset", o->preset, "Random-weight encoder: compact or official (IR-SE50)")
      ->check(CLI::IsMember({"compact", "official"}))
      ->capture_default_str();
  cmd->add_option("--frames", o->frames, "Frames to encode (timed)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--batch", o->batch, "Frames per encoder pass")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cmd->add_option("--warmup", o->warmup, "Untimed passes first")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  cmd->add_option("--resolution", o->resolution, "Preset input size")->capture_default_str();
  cmd->add_option("--num-ws", o->numWs, "Preset W+ entries")->capture_default_str();
  cmd->add_option("--w-dim", o->wDim, "Preset w size")->capture_default_str();
  cmd->callback(
      [o, &session] { session.action = [o, &session] { runBenchEncoder(*o, session); }; });
}

}  // namespace latentecho::cli

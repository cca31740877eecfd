// `latentecho bench synthesis [--model DIR | --preset NAME] [--frames T] [--batch B]
//                             [--official DIR] --json`
// Seconds per frame and peak memory of our StyleGAN2 synthesis (noise 'const', inference path),
// and, with --official, of NVlabs' stylegan2-ada-pytorch on the same weights and latents in the
// same run (tools/bench/official_synthesis.py under python3 with torch), plus how far the two
// outputs differ. A benchmark, not a test: nothing here judges the times.
//
// Memory: the resident set's high-water mark (VmHWM) during the timed synthesis, reset just before
// it (Linux /proc/self/clear_refs), so it covers the weights, the latents and the working memory
// of synthesis, not what loading or the warm-up batch touched and released.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "command.h"
#include "latentecho/core/error.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/core/torch_checkpoint.h"

#ifndef LATENTECHO_TOOLS_DIR
#define LATENTECHO_TOOLS_DIR ""
#endif

namespace latentecho::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BenchSynthesisOptions {
  std::string model;
  std::string preset;
  int frames = 32;
  int batch = 8;
  int warmup = 1;
  std::uint64_t seed = 0;
  std::string official;
  std::string python = "/usr/bin/python3";
  std::string script;
  int channelBase = 0;  // overrides of the preset's channel rule
  int channelMax = 0;
};

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A /proc/self/status field in MiB (0 where the system has no such file).
double statusMib(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size() + 1, key + ":") == 0)
      return std::strtod(line.c_str() + key.size() + 1, nullptr) / 1024.0;
  }
  return 0.0;
}

// CPU seconds (user + system) of this process so far: on a shared machine, wall time measures the
// neighbours too; CPU time is what the work itself cost.
double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

bool resetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

StyleGan2GeneratorConfig benchPreset(const std::string& name) {
  StyleGan2GeneratorConfig config;
  config.imageChannels = 1;
  if (name == "paper256") return StyleGan2GeneratorConfig::paper256(1);
  if (name == "default") {  // as `train gan --preset default`
    config.resolution = 256;
    config.zDim = config.wDim = config.mappingLayerFeatures = 512;
    config.mappingLayers = 8;
    config.setChannels(4096, 256);
    return config;
  }
  if (name == "tiny") {
    config.resolution = 32;
    config.zDim = config.wDim = config.mappingLayerFeatures = 32;
    config.mappingLayers = 2;
    config.setChannels(512, 32);
    return config;
  }
  throw Error("--preset: unknown preset '" + name + "' (default, paper256 or tiny)");
}

std::string shellQuoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string officialScript(const BenchSynthesisOptions& o) {
  if (!o.script.empty()) return o.script;
  std::vector<fs::path> candidates;
  if (const char* tools = std::getenv("LATENTECHO_TOOLS")) candidates.emplace_back(tools);
  if (*LATENTECHO_TOOLS_DIR) candidates.emplace_back(LATENTECHO_TOOLS_DIR);
  for (const fs::path& dir : candidates) {
    const fs::path script = dir / "bench" / "official_synthesis.py";
    if (fs::exists(script)) return script.string();
  }
  throw Error(
      "cannot find tools/bench/official_synthesis.py (set LATENTECHO_TOOLS to the "
      "repository's tools folder or pass --official-script)");
}

// A private folder for the files exchanged with Python, removed on every way out.
struct ScratchFolder {
  fs::path path;
  ScratchFolder() {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() /
           ("latentecho-bench-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

nlohmann::json runOfficial(const BenchSynthesisOptions& o, const StyleGan2GeneratorImpl& generator,
                           const at::Tensor& ws, int threads, const at::Tensor& ours) {
  if (!fs::is_directory(fs::path(o.official) / "training"))
    throw Error("--official " + o.official +
                ": not a stylegan2-ada-pytorch checkout (no training/ folder)");
  const std::string script = officialScript(o);
  ScratchFolder scratch;
  const fs::path config = scratch.path / "config.json";
  const fs::path weights = scratch.path / "G.pt";
  const fs::path latents = scratch.path / "ws.pt";
  const fs::path images = scratch.path / "images.pt";
  const fs::path result = scratch.path / "result.json";
  const fs::path log = scratch.path / "log.txt";
  {
    std::ofstream out(config);
    out << styleGan2GeneratorConfigToJson(generator.config()).dump(2);
  }
  writeTorchStateDict(weights.string(), styleGan2GeneratorTensors(generator));
  writeTorchTensor(latents.string(), ws.contiguous());
  const std::string command =
      shellQuoted(o.python) + " " + shellQuoted(script) + " --official " + shellQuoted(o.official) +
      " --config " + shellQuoted(config.string()) + " --weights " + shellQuoted(weights.string()) +
      " --ws " + shellQuoted(latents.string()) + " --batch " + std::to_string(o.batch) +
      " --threads " + std::to_string(threads) + " --warmup " + std::to_string(o.warmup) +
      " --out-json " + shellQuoted(result.string()) + " --out-images " +
      shellQuoted(images.string()) + " > " + shellQuoted(log.string()) + " 2>&1";
  const int status = std::system(command.c_str());
  if (status != 0 || !fs::exists(result)) {
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.size() > 2000) text = "..." + text.substr(text.size() - 2000);
    throw Error("the official implementation failed (" + o.python + " " + script + "):\n" + text);
  }
  std::ifstream in(result);
  nlohmann::json official = nlohmann::json::parse(in);
  const at::Tensor theirs = readTorchTensor(images.string());
  if (theirs.sizes() == ours.sizes())
    official["max_abs_difference_to_ours"] =
        (theirs.to(at::kFloat) - ours).abs().max().item<double>();
  official["command"] = o.python + " " + script + " --official " + o.official + " ...";
  return official;
}

void runBenchSynthesis(const BenchSynthesisOptions& o, Session& session) {
  if (o.model.empty() == o.preset.empty())
    throw Error("bench synthesis: give exactly one of --model DIR and --preset NAME");
  const Progress progress = session.progress();
  at::NoGradGuard noGrad;
  const int threads = at::get_num_threads();

  StyleGan2Generator generator{nullptr};
  std::string what;
  if (!o.model.empty()) {
    progress.report(0.0, "loading " + o.model);
    generator = loadStyleGan2Generator(o.model).generator;
    what = o.model;
  } else {
    // Random weights initialised as the official code does, seeded for repeatability.
    at::manual_seed(o.seed);
    StyleGan2GeneratorConfig config = benchPreset(o.preset);
    if (o.channelBase > 0 || o.channelMax > 0)
      config.setChannels(o.channelBase > 0 ? o.channelBase : config.channelBase.value_or(16384),
                         o.channelMax > 0 ? o.channelMax : config.channelMax.value_or(512));
    config.validate();
    generator = StyleGan2Generator(config);
    generator->eval();
    for (at::Tensor& p : generator->parameters()) p.requires_grad_(false);
    what = "preset " + o.preset + " (random weights, seed " + std::to_string(o.seed) + ")";
  }
  const StyleGan2GeneratorConfig& config = generator->config();

  at::Generator random = at::detail::createCPUGenerator(o.seed);
  const at::Tensor z = at::randn({o.frames, config.zDim}, random);
  at::Tensor c;
  if (config.cDim > 0) c = at::zeros({o.frames, config.cDim});
  const at::Tensor ws = generator->map(z, c).contiguous();

  progress.report(0.05, "warming up");
  for (int i = 0; i < o.warmup; ++i)
    generator->synthesize(ws.narrow(0, 0, std::min<int64_t>(o.batch, o.frames)));

  const double rssBefore = statusMib("VmRSS");
  const bool peakIsSynthesisOnly = resetPeakRss();
  std::vector<at::Tensor> images;
  std::vector<double> batchSeconds;
  const auto start = Clock::now();
  const double cpuStart = cpuSeconds();
  for (int64_t first = 0; first < o.frames; first += o.batch) {
    const auto batchStart = Clock::now();
    images.push_back(
        generator->synthesize(ws.narrow(0, first, std::min<int64_t>(o.batch, o.frames - first))));
    batchSeconds.push_back(secondsSince(batchStart));
    progress.report(0.1 + 0.4 * static_cast<double>(first + o.batch) / o.frames, "our synthesis");
  }
  const double seconds = secondsSince(start);
  const double cpu = cpuSeconds() - cpuStart;
  const double peak = statusMib("VmHWM");
  const at::Tensor ours = at::cat(images, 0);

  nlohmann::json result = {
      {"benchmark", "synthesis"},
      {"model", what},
      {"resolution", config.resolution},
      {"num_ws", config.numWs()},
      {"w_dim", config.wDim},
      {"channels", styleGan2GeneratorConfigToJson(config)["synthesis"]["channels"]},
      {"frames", o.frames},
      {"batch", o.batch},
      {"threads", threads},
      {"noise", "const"},
      {"ours",
       {{"implementation", "latentecho (LibTorch, fused CPU inference path)"},
        {"seconds", seconds},
        {"seconds_per_frame", seconds / o.frames},
        {"batch_seconds", batchSeconds},
        {"cpu_seconds_per_frame", cpu / o.frames},
        {"rss_before_mib", rssBefore},
        {"peak_rss_mib", peak},
        {"peak_rss_is_synthesis_only", peakIsSynthesisOnly}}}};
  std::string line = "ours: " + std::to_string(seconds / o.frames * 1000.0) +
                     " ms/frame, peak RSS " + std::to_string(static_cast<int>(peak)) + " MiB";
  if (!o.official.empty()) {
    progress.report(0.5, "official implementation (python)");
    nlohmann::json official = runOfficial(o, *generator, ws, threads, ours);
    const double theirs = official.value("seconds_per_frame", 0.0);
    result["official"] = official;
    if (theirs > 0) result["speedup_vs_official"] = theirs / (seconds / o.frames);
    line += "; official: " + std::to_string(theirs * 1000.0) + " ms/frame, peak RSS " +
            std::to_string(static_cast<int>(official.value("peak_rss_mib", 0.0))) + " MiB";
  }
  progress.report(1.0, "done");
  session.say(line);
  session.result = result;
}

}  // namespace

void addBenchCommand(CLI::App& app, Session& session) {
  CLI::App* bench = subcommandGroup(app, "bench", "Benchmarks (JSON with --json; never tests)");
  auto o = std::make_shared<BenchSynthesisOptions>();
  CLI::App* cmd = bench->add_subcommand(
      "synthesis",
      "Seconds per frame and peak memory of StyleGAN2 synthesis, optionally next to "
      "the official implementation on the same weights");
  cmd->fallthrough();
  cmd->add_option("--model", o->model, "StyleGAN2 generator model folder");
  cmd->add_option("--preset", o->preset,
                  "Random-weight generator instead of a model: default, paper256 or tiny");
  cmd->add_option("--frames", o->frames, "Frames to synthesise (timed)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--batch", o->batch, "Frames per synthesis call")->check(CLI::Range(1, 4096));
  cmd->add_option("--warmup", o->warmup, "Untimed batches first")->check(CLI::Range(0, 100));
  cmd->add_option("--channel-base", o->channelBase, "With --preset: override the channel base")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--channel-max", o->channelMax, "With --preset: override the channel maximum")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--seed", o->seed, "Seed of the latents (and of random weights)");
  cmd->add_option("--official", o->official,
                  "A stylegan2-ada-pytorch checkout: time it on the same weights too");
  cmd->add_option("--python", o->python, "Python with torch for --official");
  cmd->add_option("--official-script", o->script,
                  "The timing script (default: tools/bench/official_synthesis.py)");
  cmd->callback(
      [o, &session] { session.action = [o, &session] { runBenchSynthesis(*o, session); }; });
}

}  // namespace latentecho::cli

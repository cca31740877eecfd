// `latentecho bench pti CLIP [tune options] [--reference-steps K] [--average-pivots] --json`
//   Pivotal tuning of one clip, timed: seconds (wall and CPU) per step and for the whole tuning,
//   where the time goes (forward, loss, locality, backward, optimiser; the frozen prefix), peak
//   memory, reconstruction PSNR/SSIM before and after; and, in the same run, K steps of the
//   previous implementation (plain-ATen differentiable path, every block tuned) on the same clip
//   and pivots, for the per-step speed-up.
// `latentecho bench slider CLIP [tune options] [--direction D.pt] --json`
//   The studio's alpha slider from a cached tuned generator: loading the PTI cache entry, then for
//   new alphas the milliseconds until the visible frame is rendered, and the whole clip.
// Benchmarks, not tests: nothing here judges the times. Every result carries the machine's load
// average, since this machine is shared.
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bench_measure.h"
#include "command.h"
#include "latentecho/core/edit_direction.h"
#include "latentecho/core/error.h"
#include "latentecho/core/resources.h"
#include "tuned_clip.h"

namespace latentecho::cli {
namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct BenchPtiOptions {
  TuneInputs tune;
  int64_t referenceSteps = 2;
};

nlohmann::json timedTuning(const PivotalTuningResult& r, int64_t frames) {
  const double steps = static_cast<double>(std::max<int64_t>(r.steps, 1));
  return {{"steps", r.steps},
          {"tuning_seconds", r.seconds},
          {"tuning_cpu_seconds", r.cpuSeconds},
          {"seconds_per_step", r.seconds / steps},
          {"cpu_seconds_per_step", r.cpuSeconds / steps},
          {"phase_seconds", r.timings.toJson()},
          {"frames", frames}};
}

void runBenchPti(const BenchPtiOptions& o, Session& session) {
  const Progress progress = session.progress();
  const double loadStart = bench::loadAverage();
  const PivotalTuningSettings settings = tuneSettings(o.tune);
  TunedClip clip = prepareClipAndPivots(o.tune, progress.sub(0.0, 0.05));
  const int64_t frames = clip.frames.size(0);

  // The new path with the given settings: the whole tune() call is what a user waits for.
  const bool peakIsTuningOnly = bench::resetPeakRss();
  const double rssBefore = bench::statusMib("VmRSS");
  const double cpuStart = bench::cpuSeconds();
  const auto start = Clock::now();
  const PivotalTuner tuner(clip.base, settings);
  const PivotalTuningResult result =
      tuner.tune(clip.frames, clip.pivots, progress.sub(0.05, o.referenceSteps > 0 ? 0.8 : 1.0));
  const double totalSeconds = secondsSince(start);
  const double totalCpu = bench::cpuSeconds() - cpuStart;
  const double peak = bench::statusMib("VmHWM");

  nlohmann::json& out = session.result;
  out["benchmark"] = "pti";
  out["clip"] = clip.report["clip"];
  out["model"] = clip.report["model"];
  out["pivots"] = clip.report["pivots"];
  out["threads"] = at::get_num_threads();
  out["settings"] = pivotalTuningSettingsToJson(settings);
  nlohmann::json current = timedTuning(result, frames);
  current["implementation"] =
      settings.tunedFromResolution > 4
          ? "fused channels-last training kernels, blocks from " +
                std::to_string(settings.tunedFromResolution) +
                " px tuned, the frozen ones run once per pivot"
          : std::string("fused channels-last training kernels, every block tuned");
  current["total_seconds"] = totalSeconds;
  current["total_cpu_seconds"] = totalCpu;
  current["rss_before_mib"] = rssBefore;
  current["peak_rss_mib"] = peak;
  current["peak_rss_is_tuning_only"] = peakIsTuningOnly;
  current["quality"] = {{"before", result.before.summary()}, {"after", result.after.summary()}};
  current["delta_bytes"] = result.delta.dataBytes();
  out["current"] = current;
  std::string line = "PTI, " + std::to_string(frames) + " frames, " + std::to_string(result.steps) +
                     " steps: " + std::to_string(totalSeconds) + " s (" + std::to_string(totalCpu) +
                     " CPU-s), PSNR " + std::to_string(result.before.summary().value("psnr", 0.0)) +
                     " -> " + std::to_string(result.after.summary().value("psnr", 0.0)) + " dB";

  if (o.referenceSteps > 0) {
    // The previous implementation on the same clip and pivots: every synthesis block tuned,
    // differentiated through the plain-ATen operations.
    PivotalTuningSettings reference = settings;
    reference.trainingKernels = false;
    reference.tunedFromResolution = 4;
    reference.steps = o.referenceSteps;
    const PivotalTuner referenceTuner(clip.base, reference);
    const PivotalTuningResult before =
        referenceTuner.tune(clip.frames, clip.pivots, progress.sub(0.8, 1.0));
    nlohmann::json previous = timedTuning(before, frames);
    previous["implementation"] = "plain ATen differentiable path, every block tuned (previous)";
    const double perStep = before.seconds / static_cast<double>(before.steps);
    const double cpuPerStep = before.cpuSeconds / static_cast<double>(before.steps);
    previous["estimated_seconds_for_the_same_steps"] =
        perStep * static_cast<double>(settings.steps);
    out["previous"] = previous;
    if (result.steps > 0 && result.seconds > 0) {
      out["speedup_per_step"] = perStep / (result.seconds / static_cast<double>(result.steps));
      out["cpu_speedup_per_step"] =
          cpuPerStep / (result.cpuSeconds / static_cast<double>(result.steps));
    }
    line += "; previous implementation " + std::to_string(perStep) + " s/step vs " +
            std::to_string(result.steps > 0 ? result.seconds / result.steps : 0.0);
  }
  out["load_average"] = {{"start", loadStart}, {"end", bench::loadAverage()}};
  progress.report(1.0, "done");
  session.say(line);
}

struct BenchSliderOptions {
  TuneInputs tune;
  std::string direction;
  int64_t alphas = 5;
  int64_t visibleFrame = 0;
  int64_t batch = 8;
};

void runBenchSlider(const BenchSliderOptions& o, Session& session) {
  if (o.tune.noCache) throw Error("bench slider measures the PTI cache: drop --no-cache");
  const Progress progress = session.progress();
  const double loadStart = bench::loadAverage();
  nlohmann::json& out = session.result;
  out["benchmark"] = "slider";

  // Make sure the entry exists, then time what the studio does when a clip is opened again:
  // find, verify and load the entry (prepareAndTune reports the lookup time).
  TunedClip first = prepareAndTune(o.tune, progress.sub(0.0, 0.7), session);
  TunedClip tuned = first.report.value("reused", false)
                        ? std::move(first)
                        : prepareAndTune(o.tune, progress.sub(0.7, 0.8), session);
  if (!tuned.report.value("reused", false))
    throw Error("bench slider: the PTI cache entry was not reused on the second lookup");
  out["clip"] = tuned.report["clip"];
  out["cache"] = tuned.report["cache"];
  out["cache_load_seconds"] = tuned.report["seconds"].value("cacheLookup", 0.0);

  EditDirection direction;
  std::string directionSource = o.direction;
  // The bundled direction belongs to the bundled generator; another generator gets a random one.
  if (directionSource.empty() && o.tune.model.empty()) {
    try {
      directionSource = resourcePath(default_models::kDirection);
    } catch (const Error&) {
      directionSource.clear();
    }
  }
  const StyleGan2GeneratorConfig& config = tuned.base->config();
  if (!directionSource.empty()) {
    direction = EditDirection::load(directionSource);
  } else {
    // Timing does not depend on the direction's values.
    at::manual_seed(0);
    direction = EditDirection(at::randn({config.numWs(), config.wDim}) * 0.1);
    directionSource = "random, seed 0 (timing only: no direction given or bundled for this model)";
  }
  out["direction"] = directionSource;

  StyleGan2GeneratorImpl& generator = *tuned.tuned;
  const int64_t frames = tuned.pivots.size(0);
  const int64_t visible = std::min(o.visibleFrame, frames - 1);
  renderEdit(generator, tuned.pivots.narrow(0, visible, 1), direction, 0.05, 1);  // warm-up
  // CPU time besides wall time: on this shared machine the wall time also measures the
  // neighbours; CPU seconds / threads is what an idle machine would need at best.
  std::vector<double> frameMs, clipSeconds, frameCpuMs, clipCpuSeconds;
  for (int64_t i = 0; i < o.alphas; ++i) {
    const double alpha = 0.1 + 0.2 * static_cast<double>(i);
    auto start = Clock::now();
    double cpuStart = bench::cpuSeconds();
    renderEdit(generator, tuned.pivots.narrow(0, visible, 1), direction, alpha, 1);
    frameMs.push_back(1000.0 * secondsSince(start));
    frameCpuMs.push_back(1000.0 * (bench::cpuSeconds() - cpuStart));
    start = Clock::now();
    cpuStart = bench::cpuSeconds();
    renderEdit(generator, tuned.pivots, direction, alpha, o.batch);
    clipSeconds.push_back(secondsSince(start));
    clipCpuSeconds.push_back(bench::cpuSeconds() - cpuStart);
    progress.report(0.8 + 0.2 * static_cast<double>(i + 1) / static_cast<double>(o.alphas),
                    "rendering edits");
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
  };
  out["frames"] = frames;
  out["threads"] = at::get_num_threads();
  out["visible_frame_ms"] = frameMs;
  out["visible_frame_ms_median"] = median(frameMs);
  out["clip_seconds"] = clipSeconds;
  out["clip_seconds_median"] = median(clipSeconds);
  out["visible_frame_cpu_ms_median"] = median(frameCpuMs);
  out["clip_cpu_seconds_median"] = median(clipCpuSeconds);
  out["render_batch"] = o.batch;
  out["goals"] = {{"visible_frame_ms", 50}, {"clip_seconds", 1}};
  out["load_average"] = {{"start", loadStart}, {"end", bench::loadAverage()}};
  session.say("slider: visible frame " + std::to_string(median(frameMs)) + " ms, " +
              std::to_string(frames) + "-frame clip " + std::to_string(median(clipSeconds)) +
              " s, cache load " + std::to_string(out["cache_load_seconds"].get<double>()) + " s");
}

}  // namespace

void addBenchPtiCommands(CLI::App& app, Session& session) {
  CLI::App* bench = subcommandGroup(app, "bench", "Benchmarks (JSON with --json; never tests)");
  auto pti = std::make_shared<BenchPtiOptions>();
  CLI::App* cmd = bench->add_subcommand(
      "pti",
      "Pivotal tuning of one clip, timed per step and per phase, with reconstruction quality, "
      "next to the previous implementation");
  cmd->fallthrough();
  addTuneOptions(cmd, pti->tune);
  cmd->add_option("--reference-steps", pti->referenceSteps,
                  "Steps of the previous implementation to time in the same run (0 = none)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{1000}));
  cmd->add_flag("--average-pivots", pti->tune.averagePivots,
                "Every pivot = the generator's w_avg (no encoder needed)");
  cmd->callback(
      [pti, &session] { session.action = [pti, &session] { runBenchPti(*pti, session); }; });

  auto slider = std::make_shared<BenchSliderOptions>();
  CLI::App* sl = bench->add_subcommand(
      "slider",
      "The alpha slider from a cached tuned generator: ms to the visible frame and seconds for "
      "the whole clip (tunes and caches the clip first when needed)");
  sl->fallthrough();
  addTuneOptions(sl, slider->tune);
  sl->add_flag("--average-pivots", slider->tune.averagePivots,
               "Every pivot = the generator's w_avg (no encoder needed)");
  sl->add_option("--direction", slider->direction,
                 "Edit direction (default: the bundled one for the bundled generator, else a "
                 "seeded random one)");
  sl->add_option("--alphas", slider->alphas, "New alpha values to time")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{100}));
  sl->add_option("--visible-frame", slider->visibleFrame, "The frame on screen")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{100000}));
  sl->add_option("--render-batch", slider->batch, "Frames per synthesis pass for the clip")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{256}));
  sl->callback([slider, &session] {
    session.action = [slider, &session] { runBenchSlider(*slider, session); };
  });
}

}  // namespace latentecho::cli

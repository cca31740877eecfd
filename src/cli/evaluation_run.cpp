#include "evaluation_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "evaluation_report.h"
#include "latentecho/core/clip_tensor.h"
#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/edit_direction.h"
#include "latentecho/core/error.h"
#include "latentecho/core/frame_sampling.h"
#include "latentecho/core/gcnr.h"
#include "latentecho/core/lv_function.h"
#include "latentecho/core/lv_segmenter.h"
#include "latentecho/core/model_folder.h"
#include "latentecho/core/pti_cache.h"
#include "latentecho/core/quality_classifier.h"
#include "latentecho/core/resources.h"
#include "latentecho/core/segmentation_metrics.h"
#include "latentecho/core/structural_similarity.h"
#include "latentecho/io/atomic_file.h"
#include "latentecho/io/classical_enhancement.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/dataset.h"
#include "latentecho/io/prepare.h"
#include "tuned_clip.h"

namespace latentecho::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kRecordFormatVersion = 1;
constexpr const char* kRecordFormat = "latentecho-evaluation-clip";
const double kNaN = std::numeric_limits<double>::quiet_NaN();

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

bool isLatent(const std::string& method) { return method.rfind("latent-", 0) == 0; }

void checkMethods(const std::vector<std::string>& methods) {
  if (methods.empty()) throw Error("--methods: give at least one method");
  std::set<std::string> seen;
  for (const std::string& m : methods) {
    if (m != "latent-synthetic" && m != "latent-real") classicalMethodFromName(m);
    if (!seen.insert(m).second) throw Error("--methods: '" + m + "' is listed twice");
  }
}

// A Progress whose stages carry a prefix ("clip 3/13 Phantom_00042: ") on their way to `parent`.
Progress withStagePrefix(const Progress& parent, std::string prefix) {
  return Progress([parent, prefix = std::move(prefix)](double fraction, std::string_view stage) {
    try {
      parent.report(fraction, prefix + std::string(stage));
      return true;
    } catch (const Cancelled&) {
      return false;
    }
  });
}

// ------------------------------------------------------------------------ what a clip is judged on

struct Reference {
  Clip masks;  // LV masks of the original (segmenter)
  double lvef = kNaN;
  std::optional<at::Tensor> hqFrames;  // truth: the clean clip, [-1, 1]
  std::optional<Clip> truthMasks;
  double truthLvef = kNaN;
};

struct ClipJudge {
  LvSegmenter& segmenter;
  QualityClassifier& quality;
  std::vector<std::uint8_t> fan;  // sector of the prepared clip
  double fps = 0.0;

  Clip segment(const Clip& clip) const {
    Clip masks = segmenter.segment(clip);
    masks.fps = fps;
    return masks;
  }
  double lvef(const Clip& masks) const {
    return measureLvFunction(masks, {}, fps).ejectionFractionPercent;
  }

  // The metrics of one setting's clip; `isOriginal` leaves out the comparisons with itself.
  // A new per-clip metric is one more entry here, under the key it has in evaluationMetrics(),
  // and its model's digest in runConfig().
  std::map<std::string, double> judge(const Clip& clip, const Reference& reference,
                                      bool isOriginal) const {
    std::map<std::string, double> values;
    const Clip masks = isOriginal ? reference.masks : segment(clip);
    values["gcnr"] = computeGcnr(clip, masks, {}, fan).mean;
    // The classifier resamples time by the clip's rate: every setting is judged at the input's.
    Clip timed = clip;
    timed.fps = fps;
    values["p_hq"] = quality.probabilityHighQuality(timed);
    const double lvef = isOriginal ? reference.lvef : this->lvef(masks);
    values["lvef_percent"] = lvef;
    if (!isOriginal) {
      values["dice_to_original"] = compareSegmentations(reference.masks, masks).meanDice;
      values["lvef_abs_change"] = std::abs(lvef - reference.lvef);  // NaN when either is
    }
    if (reference.hqFrames) {
      const at::Tensor frames = clipToFrames(clip);
      const double mse = (frames - *reference.hqFrames).pow(2).mean().item<double>();
      values["psnr_to_hq"] = mse > 0 ? 10.0 * std::log10(4.0 / mse) : kNaN;
      values["ssim_to_hq"] =
          structuralSimilarity(frames, *reference.hqFrames, 2.0).mean().item<double>();
    }
    if (reference.truthMasks) {
      values["dice_to_truth"] = compareSegmentations(*reference.truthMasks, masks).meanDice;
      values["lvef_abs_error_to_truth"] = std::abs(lvef - reference.truthLvef);
    }
    return values;
  }
};

// -------------------------------------------------------------------------------- the run itself

struct RunContext {
  const EvaluationOptions& options;
  const EchoDataset& dataset;
  std::optional<TuneModels> models;
  std::optional<LvSegmenter> segmenter;
  std::optional<QualityClassifier> quality;
  EditDirection synthetic;
  EditDirection real;
  int size = 256;
  nlohmann::json config;
};

std::string inputPath(const EchoDataset& dataset, const DatasetEntry& entry) {
  if (auto lq = dataset.lowQualityVideoPath(entry)) return *lq;
  return dataset.videoPath(entry);
}

PreparedClip prepareOrExplain(const Clip& clip, const PrepareOptions& prepare,
                              const std::string& path,
                              const std::optional<SectorGeometry>& sector = std::nullopt) {
  try {
    return sector ? prepareClip(clip, *sector, prepare) : prepareClip(clip, prepare);
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

PrepareOptions prepareOptions(const RunContext& run) {
  PrepareOptions prepare;
  prepare.size = run.size;
  prepare.frames = run.options.frames;
  prepare.firstFrame = run.options.firstFrame;
  return prepare;
}

// The real direction: mean E(HQ) - mean E(LQ) over the TRAIN clips' Videos/ and LowQuality/.
EditDirection estimateRealDirection(const RunContext& run, const E4eEncoder& encoder,
                                    const Progress& progress) {
  const EvaluationOptions& o = run.options;
  std::vector<DatasetEntry> entries;
  for (const DatasetEntry& entry : run.dataset.split("TRAIN"))
    if (run.dataset.lowQualityVideoPath(entry)) entries.push_back(entry);
  std::sort(entries.begin(), entries.end(),
            [](const DatasetEntry& a, const DatasetEntry& b) { return a.fileName < b.fileName; });
  if (entries.size() > static_cast<std::size_t>(o.realDirectionClips))
    entries.resize(static_cast<std::size_t>(o.realDirectionClips));
  if (entries.empty())
    throw Error(o.data +
                ": no TRAIN clip with a LowQuality/ rendering to estimate the real direction "
                "from; give one with --real-direction or leave latent-real out of --methods");
  std::vector<at::Tensor> hq, lq;
  nlohmann::json names = nlohmann::json::array();
  PrepareOptions whole;
  whole.size = run.size;
  whole.frames = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    progress.report(0.5 * static_cast<double>(i) / entries.size(),
                    "real direction: reading " + entries[i].fileName);
    const std::string lqPath = *run.dataset.lowQualityVideoPath(entries[i]);
    const PreparedClip low =
        prepareOrExplain(readClip(lqPath), whole, lqPath, run.dataset.readTruthSector(entries[i]));
    const PreparedClip high =
        prepareClip(run.dataset.readVideo(entries[i]), low.sectorInSource, whole);
    const std::vector<int> indices = evenlySpacedFrames(low.clip.frameCount, o.realFramesPerClip);
    hq.push_back(clipToFrames(pickFrames(high.clip, indices)));
    lq.push_back(clipToFrames(pickFrames(low.clip, indices)));
    names.push_back(entries[i].fileName);
  }
  const LatentEncoder encode = [&encoder](const at::Tensor& frames) {
    return encoder.encode(frames);
  };
  EditDirection direction = EditDirection::fromUnpaired(encode, at::cat(hq, 0), at::cat(lq, 0), 8,
                                                        progress.sub(0.5, 1.0));
  direction.provenance()["encoder"] = run.models->encoderDir;
  direction.provenance()["encoderWeightsXxh64"] = encoder.folder().weightsDigest;
  direction.provenance()["data"] = o.data;
  direction.provenance()["split"] = "TRAIN";
  direction.provenance()["clips"] = names;
  direction.provenance()["framesPerClip"] = o.realFramesPerClip;
  direction.provenance()["clipsRequested"] = o.realDirectionClips;
  direction.provenance()["size"] = run.size;
  direction.provenance()["madeBy"] = "latentecho evaluate (Videos/ vs LowQuality/)";
  return direction;
}

void checkDirection(const EditDirection& direction, const TuneModels& models,
                    const std::string& what) {
  const auto& config = models.base->config();
  if (direction.numWs() != config.numWs() || direction.wDim() != config.wDim)
    throw Error(what + ": the direction is [" + std::to_string(direction.numWs()) + "," +
                std::to_string(direction.wDim()) + "], the generator's W+ is [" +
                std::to_string(config.numWs()) + "," + std::to_string(config.wDim) + "]");
}

bool uses(const EvaluationOptions& o, const std::string& method) {
  return std::find(o.methods.begin(), o.methods.end(), method) != o.methods.end();
}

TuneInputs tuneInputs(const EvaluationOptions& o, const std::string& clip,
                      const std::optional<SectorGeometry>& sector = std::nullopt) {
  TuneInputs in;
  in.clip = clip;
  in.sector = sector;
  in.model = o.model;
  in.encoder = o.encoder;
  in.cache = o.cache;
  in.noCache = o.noCache;
  in.frames = o.frames;
  in.firstFrame = o.firstFrame;
  in.settings = o.pti;
  in.deltaEncoding = o.deltaEncoding;
  return in;
}

// Everything that decides a clip's numbers; a record is reused only when this matches.
nlohmann::json runConfig(RunContext& run, const Progress& progress) {
  const EvaluationOptions& o = run.options;
  const bool latent = uses(o, "latent-synthetic") || uses(o, "latent-real");
  nlohmann::json config;
  config["format_version"] = kRecordFormatVersion;
  // A metric added to evaluationMetrics() changes this, so older records are redone.
  nlohmann::json metricKeys = nlohmann::json::array();
  for (const EvaluationMetric& metric : evaluationMetrics()) metricKeys.push_back(metric.key);
  config["metrics"] = metricKeys;
  config["methods"] = o.methods;
  config["alphas"] = latent ? nlohmann::json(o.alphas) : nlohmann::json::array();
  bool classical = false;
  for (const std::string& m : o.methods) classical = classical || !isLatent(m);
  config["strengths"] = classical ? nlohmann::json(o.strengths) : nlohmann::json::array();
  config["frames"] = o.frames;
  config["first_frame"] = o.firstFrame;

  if (latent) {
    const TuneInputs in = tuneInputs(o, "");
    run.models = loadTuneModels(in, progress.sub(0.0, 0.3));
    run.size = static_cast<int>(run.models->base->config().resolution);
    config["generator_xxh64"] = run.models->baseDigest;
    config["encoder_xxh64"] = run.models->encoder->folder().weightsDigest;
    PivotalTuningSettings settings = o.pti;
    settings.deltaEncoding = parseDeltaEncoding(o.deltaEncoding);
    config["pti"] = pivotalTuningSettingsToJson(settings);
  } else {
    run.size = o.size;
  }
  config["size"] = run.size;

  const std::string segmenterDir =
      o.segmenter.empty() ? resourcePath(default_models::kSegmenter) : o.segmenter;
  progress.report(0.3, "loading " + segmenterDir);
  run.segmenter.emplace(LvSegmenter::load(segmenterDir));
  config["segmenter_xxh64"] = readModelFolder(segmenterDir).weightsDigest;
  const std::string qualityDir =
      o.qualityModel.empty() ? resourcePath(default_models::kQualityClassifier) : o.qualityModel;
  progress.report(0.32, "loading " + qualityDir);
  run.quality.emplace(QualityClassifier::load(qualityDir));
  config["quality_xxh64"] = readModelFolder(qualityDir).weightsDigest;
  GcnrParams gcnr;
  config["gcnr"] = {{"ring_width_pixels", "default (5 px at 112 px, scaled)"},
                    {"histogram_bins", gcnr.histogramBins}};

  if (uses(o, "latent-synthetic")) {
    const std::string path = o.syntheticDirection.empty() ? resourcePath(default_models::kDirection)
                                                          : o.syntheticDirection;
    run.synthetic = EditDirection::load(path);
    checkDirection(run.synthetic, *run.models, path);
    config["direction_synthetic_xxh64"] = tensorDigest(run.synthetic.tensor());
  }
  if (uses(o, "latent-real")) {
    if (!o.realDirection.empty()) {
      run.real = EditDirection::load(o.realDirection);
      checkDirection(run.real, *run.models, o.realDirection);
    } else {
      // Kept in OUT so that a rerun does not estimate it again; remade when its encoder or
      // settings changed.
      const std::string kept = (fs::path(o.out) / "direction-real.pt").string();
      bool reuse = false;
      if (fs::exists(kept)) {
        EditDirection previous = EditDirection::load(kept);
        const nlohmann::json& p = previous.provenance();
        reuse = p.value("encoderWeightsXxh64", "") == run.models->encoder->folder().weightsDigest &&
                p.value("framesPerClip", -1) == o.realFramesPerClip &&
                p.value("clipsRequested", -1) == o.realDirectionClips &&
                p.value("size", -1) == run.size;
        if (reuse) run.real = std::move(previous);
      }
      if (!reuse) {
        run.real = estimateRealDirection(run, *run.models->encoder, progress.sub(0.35, 1.0));
        run.real.save(kept);
      }
    }
    config["direction_real_xxh64"] = tensorDigest(run.real.tensor());
  }
  progress.report(1.0, "models loaded");
  return config;
}

void addSetting(ClipEvaluation& result, const EvaluationSetting& setting,
                std::map<std::string, double> values) {
  SettingMetrics metrics;
  metrics.setting = setting;
  metrics.values = std::move(values);
  result.settings.push_back(std::move(metrics));
}

ClipEvaluation evaluateClip(RunContext& run, const DatasetEntry& entry,
                            const PreparedClip& preparedInput, const Progress& progress,
                            const Session& session, nlohmann::json& details) {
  const EvaluationOptions& o = run.options;
  const std::string path = inputPath(run.dataset, entry);
  const bool latent = static_cast<bool>(run.models);
  std::optional<TunedClip> tuned;
  if (latent) {
    tuned = prepareAndTune(tuneInputs(o, path, run.dataset.readTruthSector(entry)), *run.models,
                           progress.sub(0.0, 0.6), session);
    details["pti"] = {{"cache", tuned->report["cache"]}, {"quality", tuned->report["quality"]}};
  }
  const PreparedClip& prepared = latent ? tuned->prepared : preparedInput;
  const Clip& original = prepared.clip;

  ClipJudge judge{*run.segmenter, *run.quality,
                  prepared.sectorInPrepared.mask(original.height, original.width),
                  original.fps > 0 ? original.fps : entry.fps};
  if (!(judge.fps > 0))
    throw Error(path + ": neither the clip nor FileList.csv says its frame rate");
  progress.report(0.6, "measuring the original");
  Reference reference;
  reference.masks = judge.segment(original);
  reference.lvef = judge.lvef(reference.masks);
  PrepareOptions truthPrepare = prepareOptions(run);
  if (run.dataset.lowQualityVideoPath(entry)) {
    const PreparedClip hq =
        prepareClip(run.dataset.readVideo(entry), prepared.sectorInSource, truthPrepare);
    if (hq.clip.frameCount == original.frameCount) reference.hqFrames = clipToFrames(hq.clip);
  }
  if (std::optional<Clip> truth = run.dataset.readLvMasks(entry)) {
    for (auto& p : truth->pixels) p = p ? 255 : 0;
    Clip masks = prepareClip(*truth, prepared.sectorInSource, truthPrepare).clip;
    for (auto& p : masks.pixels) p = p >= 128 ? 1 : 0;
    masks.fps = judge.fps;
    if (masks.frameCount == original.frameCount) {
      reference.truthLvef = judge.lvef(masks);
      reference.truthMasks = std::move(masks);
    }
  }

  ClipEvaluation result;
  result.clip = entry.fileName;
  EvaluationSetting originalSetting;
  originalSetting.method = "original";
  addSetting(result, originalSetting, judge.judge(original, reference, true));

  // Settings to render: latent (method, α) then classical (method, s).
  std::vector<EvaluationSetting> settings;
  for (const std::string& method : o.methods)
    for (double level : isLatent(method) ? o.alphas : o.strengths)
      settings.push_back(EvaluationSetting{method, level});
  std::optional<std::map<std::string, double>> reconstruction;  // α = 0: the same for both
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const EvaluationSetting& setting = settings[i];
    const Progress step =
        progress.sub(0.6 + 0.4 * i / settings.size(), 0.6 + 0.4 * (i + 1) / settings.size());
    step.report(0.0, setting.label());
    if (isLatent(setting.method)) {
      if (*setting.level == 0.0 && reconstruction) {
        addSetting(result, setting, *reconstruction);
        continue;
      }
      const EditDirection& direction =
          setting.method == "latent-synthetic" ? run.synthetic : run.real;
      const at::Tensor frames = renderEdit(*tuned->tuned, tuned->pivots, direction, *setting.level,
                                           o.renderBatch, NoiseMode::Const, step);
      Clip enhanced = framesToClip(frames, original.fps);
      enhanced.spacing = original.spacing;
      auto values = judge.judge(enhanced, reference, false);
      if (*setting.level == 0.0) reconstruction = values;
      addSetting(result, setting, std::move(values));
    } else {
      const Clip enhanced =
          enhanceClassical(original, classicalMethodFromName(setting.method), *setting.level, step);
      addSetting(result, setting, judge.judge(enhanced, reference, false));
    }
  }
  progress.report(1.0, "done");
  return result;
}

std::string recordPath(const std::string& out, const std::string& clip) {
  return (fs::path(out) / "clips" / (clip + ".json")).string();
}

void evaluateAndStore(RunContext& run, const DatasetEntry& entry, const PreparedClip& prepared,
                      const std::string& digest, const std::string& record,
                      const Progress& progress, const Session& session) {
  const auto start = Clock::now();
  nlohmann::json details = nlohmann::json::object();
  const ClipEvaluation evaluation = evaluateClip(run, entry, prepared, progress, session, details);
  nlohmann::json json = clipEvaluationToJson(evaluation);
  json["format"] = kRecordFormat;
  json["format_version"] = kRecordFormatVersion;
  json["config"] = run.config;
  json["input"] = fs::relative(inputPath(run.dataset, entry), run.options.data).string();
  json["frames_xxh64"] = digest;
  json["details"] = details;
  json["seconds"] = secondsSince(start);
  writeTextFileAtomically(record, json.dump(1) + "\n");
}

nlohmann::json readJsonFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot be read");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not valid JSON (" + e.what() + ")");
  }
}

struct StoredRecord {
  ClipEvaluation evaluation;
  nlohmann::json config;
  nlohmann::json json;
};

// A finished clip's record, or none when the file is absent or not a record (then it is redone).
std::optional<StoredRecord> readRecord(const std::string& path) {
  if (!fs::exists(path)) return std::nullopt;
  try {
    StoredRecord record;
    record.json = readJsonFile(path);
    if (record.json.value("format", "") != kRecordFormat) return std::nullopt;
    record.config = record.json.at("config");
    record.evaluation = clipEvaluationFromJson(record.json, path);
    return record;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<ClipEvaluation> readRecords(const std::string& folder,
                                        const std::vector<std::string>& only) {
  std::vector<ClipEvaluation> records;
  for (const std::string& clip : only) {
    std::optional<StoredRecord> record = readRecord(recordPath(folder, clip));
    if (!record) throw Error(recordPath(folder, clip) + ": missing or unreadable");
    records.push_back(std::move(record->evaluation));
  }
  return records;
}

}  // namespace

EvaluationRunSummary runEvaluation(const EvaluationOptions& o, const Progress& progress,
                                   const Session& session) {
  checkMethods(o.methods);
  if (o.alphas.empty() || o.strengths.empty())
    throw Error("--alphas and --strengths need at least one value each");
  if (o.out.empty()) throw Error("evaluate: give --out DIR");
  const EchoDataset dataset = EchoDataset::open(o.data);
  std::vector<std::string> names;
  for (const DatasetEntry& entry : dataset.split(o.split)) names.push_back(entry.fileName);
  if (names.empty())
    throw Error(o.data + ": no clips in split '" + o.split + "' (try --split ALL)");
  std::sort(names.begin(), names.end());
  if (o.clips > 0 && names.size() > static_cast<std::size_t>(o.clips))
    names.resize(static_cast<std::size_t>(o.clips));

  EvaluationRunSummary summary;
  summary.selected = o.shard ? selectShard(names, *o.shard) : names;
  fs::create_directories(fs::path(o.out) / "clips");

  RunContext run{o, dataset, std::nullopt, std::nullopt, std::nullopt, {}, {}, o.size, {}};
  run.config = runConfig(run, progress.sub(0.0, 0.05));
  summary.config = run.config;

  const std::size_t count = summary.selected.size();
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& name = summary.selected[i];
    const DatasetEntry& entry = dataset.entry(name);
    const std::string prefix =
        "clip " + std::to_string(i + 1) + "/" + std::to_string(count) + " " + name + ": ";
    const Progress clipProgress =
        withStagePrefix(progress.sub(0.05 + 0.9 * i / count, 0.05 + 0.9 * (i + 1) / count), prefix);
    clipProgress.report(0.0, "reading");
    const std::string path = inputPath(dataset, entry);
    try {
      const PreparedClip prepared = prepareOrExplain(readClip(path), prepareOptions(run), path,
                                                     dataset.readTruthSector(entry));
      const std::string digest = framesDigest(clipToFrames(prepared.clip));
      const std::string record = recordPath(o.out, name);
      if (std::optional<StoredRecord> stored = readRecord(record)) {
        if (stored->config == run.config && stored->json.value("frames_xxh64", "") == digest) {
          ++summary.reused;
          summary.finished.push_back(name);
          continue;
        }
        session.say(record + ": made with other settings or another clip; evaluating again");
      }
      evaluateAndStore(run, entry, prepared, digest, record, clipProgress, session);
      ++summary.computed;
      summary.finished.push_back(name);
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      // One bad clip does not stop a batch of hundreds; the run reports it at the end.
      summary.failed.push_back({{"clip", name}, {"error", e.what()}});
      session.say("\n" + name + ": not evaluated: " + e.what());
    }
  }

  if (summary.finished.empty()) {
    summary.outputs = nlohmann::json::object();
    return summary;
  }
  progress.report(0.95, "writing tables and plots");
  const EvaluationTable table =
      aggregateEvaluations(readRecords(o.out, summary.finished), evaluationMetrics(), o.bootstrap);
  summary.outputs = writeEvaluationReport(table, run.config, o.out, o.tableAlpha, o.tableStrength);
  progress.report(1.0, "done");
  return summary;
}

namespace {

// Fills the unset settings from the shards' table.json files (a shard cancelled before its
// tables has none and is skipped).
void takeTableSettingsFromShards(const std::vector<std::string>& folders,
                                 MergeTableSettings& settings) {
  std::optional<nlohmann::json> first;
  std::string firstFile;
  for (const std::string& folder : folders) {
    const fs::path file = fs::path(folder) / "table.json";
    if (!fs::is_regular_file(file)) continue;
    const nlohmann::json json = readJsonFile(file.string());
    nlohmann::json used = {
        {"bootstrap_resamples", json.value("/bootstrap/resamples"_json_pointer, nlohmann::json())},
        {"bootstrap_seed", json.value("/bootstrap/seed"_json_pointer, nlohmann::json())},
        {"latent_alpha", json.value("/summary/latent_alpha"_json_pointer, nlohmann::json())},
        {"classical_strength",
         json.value("/summary/classical_strength"_json_pointer, nlohmann::json())}};
    if (!first) {
      first = used;
      firstFile = file.string();
    } else if (used != *first) {
      throw Error(file.string() + " and " + firstFile +
                  " were tabulated with different settings (" + used.dump() + " vs " +
                  first->dump() +
                  "); give --bootstrap, --bootstrap-seed, --table-alpha and --table-strength");
    }
  }
  if (!first) return;
  const nlohmann::json& used = *first;
  if (!settings.resamples && used["bootstrap_resamples"].is_number_integer())
    settings.resamples = used["bootstrap_resamples"].get<int>();
  if (!settings.seed && used["bootstrap_seed"].is_number_integer())
    settings.seed = used["bootstrap_seed"].get<std::uint64_t>();
  if (!settings.alpha && used["latent_alpha"].is_number())
    settings.alpha = used["latent_alpha"].get<double>();
  if (!settings.strength && used["classical_strength"].is_number())
    settings.strength = used["classical_strength"].get<double>();
}

}  // namespace

MergeSummary mergeEvaluations(const std::vector<std::string>& folders, const std::string& out,
                              MergeTableSettings settings, const Session& session) {
  if (folders.empty()) throw Error("--merge: give the shards' output folders");
  if (out.empty()) throw Error("--merge needs --out DIR for the merged tables");
  takeTableSettingsFromShards(folders, settings);
  const EvaluationOptions defaults;
  BootstrapParams bootstrap = defaults.bootstrap;
  bootstrap.resamples = settings.resamples.value_or(bootstrap.resamples);
  bootstrap.seed = settings.seed.value_or(bootstrap.seed);
  const double tableAlpha = settings.alpha.value_or(defaults.tableAlpha);
  const double tableStrength = settings.strength.value_or(defaults.tableStrength);
  MergeSummary summary;
  summary.folders = folders;
  std::map<std::string, StoredRecord> records;
  std::string configFolder;
  for (const std::string& folder : folders) {
    const fs::path clips = fs::path(folder) / "clips";
    if (!fs::is_directory(clips))
      throw Error(folder + ": no clips/ folder; is this the --out of an evaluate run?");
    std::vector<fs::path> files;
    for (const auto& item : fs::directory_iterator(clips)) {
      const std::string file = item.path().filename().string();
      if (item.is_regular_file() && item.path().extension() == ".json" && file[0] != '.')
        files.push_back(item.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::optional<StoredRecord> record = readRecord(file.string());
      if (!record) throw Error(file.string() + ": not a per-clip evaluation record");
      if (configFolder.empty()) {
        summary.config = record->config;
        configFolder = file.string();
      } else if (record->config != summary.config) {
        std::string field = "config";
        for (const auto& [key, value] : summary.config.items())
          if (!record->config.contains(key) || record->config[key] != value) {
            field = key;
            break;
          }
        throw Error(file.string() + " was made with other settings than " + configFolder +
                    " (they differ in '" + field +
                    "'); shards must share models, directions and settings (for latent-real, "
                    "pass the same --real-direction to every shard)");
      }
      const std::string& clip = record->evaluation.clip;
      if (auto found = records.find(clip); found != records.end()) {
        if (clipEvaluationToJson(found->second.evaluation) !=
            clipEvaluationToJson(record->evaluation))
          throw Error(file.string() + ": clip " + clip +
                      " is in two folders with different results");
        continue;
      }
      records.emplace(clip, std::move(*record));
    }
  }
  if (records.empty()) throw Error("--merge: the folders hold no finished clips");
  fs::create_directories(fs::path(out) / "clips");
  std::vector<ClipEvaluation> evaluations;
  for (const auto& [clip, record] : records) {
    const std::string target = recordPath(out, clip);
    writeTextFileAtomically(target, record.json.dump(1) + "\n");
    evaluations.push_back(record.evaluation);
  }
  summary.clips = evaluations.size();
  const EvaluationTable table =
      aggregateEvaluations(std::move(evaluations), evaluationMetrics(), bootstrap);
  summary.outputs = writeEvaluationReport(table, summary.config, out, tableAlpha, tableStrength);
  session.say("Merged " + std::to_string(summary.clips) + " clips from " +
              std::to_string(folders.size()) + " folders into " + out);
  return summary;
}

}  // namespace latentecho::cli

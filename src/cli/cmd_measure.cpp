// `latentecho measure CLIP`: LV masks per frame (segmenter), LV area trace, ED/ES, volumes and
// LVEF (area-length, lv_function.h), gCNR between the LV chamber and the myocardium ring per
// frame and mean (gcnr.h), the quality score P_hq (quality_classifier.h) and the video model's
// LVEF (ef_regressor.h). JSON with --json, a per-frame CSV with --csv, the masks with --masks.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "command.h"
#include "latentecho/core/ef_regressor.h"
#include "latentecho/core/error.h"
#include "latentecho/core/gcnr.h"
#include "latentecho/core/lv_function.h"
#include "latentecho/core/lv_segmenter.h"
#include "latentecho/core/quality_classifier.h"
#include "latentecho/core/resources.h"
#include "latentecho/io/atomic_file.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/dataset.h"
#include "latentecho/io/sector_finder.h"

namespace latentecho::cli {
namespace {

struct MeasureOptions {
  std::string clip;
  std::string segmenter;
  std::string efModel;
  std::string qualityModel;
  std::string csv;
  std::string masks;
  double fps = 0.0;
  double ringWidth = 0.0;
  int bins = 256;
};

// JSON has no NaN: undefined values become null.
nlohmann::json number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json numbers(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values) out.push_back(number(v));
  return out;
}

std::string csvNumber(double value) {
  if (!std::isfinite(value)) return "";
  std::ostringstream text;
  text << std::setprecision(8) << value;
  return text.str();
}

void runMeasure(const MeasureOptions& o, Session& session) {
  const Progress progress = session.progress();
  progress.report(0.0, "reading " + o.clip);
  const Clip clip = readClip(o.clip);
  const double fps = o.fps > 0.0 ? o.fps : clip.fps;
  if (!(fps > 0.0))
    throw Error(o.clip +
                ": the clip does not say its frame rate; give it with --fps (EchoNet-"
                "Dynamic: 50)");
  const std::string segmenterFolder =
      o.segmenter.empty() ? resourcePath(default_models::kSegmenter) : o.segmenter;
  LvSegmenter segmenter = LvSegmenter::load(segmenterFolder);

  const auto segmentStart = std::chrono::steady_clock::now();
  Clip masks = segmenter.segment(clip, progress.sub(0.05, 0.85));
  const double segmentSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - segmentStart).count();
  masks.fps = fps;

  progress.report(0.85, "measuring");
  std::vector<std::uint8_t> fan;
  nlohmann::json sectorJson = nullptr;
  try {
    const SectorGeometry sector = findSector(clip);
    fan = sector.mask(clip.height, clip.width);
    sectorJson = {{"apex_x", sector.apexX},
                  {"apex_y", sector.apexY},
                  {"inner_radius", sector.innerRadius},
                  {"outer_radius", sector.outerRadius}};
  } catch (const Error&) {
    // No fan found (e.g. an already cropped image without black surround): regions are not
    // clipped to it; the JSON says so with "sector": null.
  }
  GcnrParams gcnrParams;
  gcnrParams.ringWidthPixels = o.ringWidth;
  gcnrParams.histogramBins = o.bins;
  const GcnrResult gcnr = computeGcnr(clip, masks, gcnrParams, fan);
  const LvFunction function = measureLvFunction(masks, {}, fps);

  // The video models see the clip at its own frame rate (the --fps override included).
  Clip timed = clip;
  timed.fps = fps;
  progress.report(0.88, "quality score");
  const std::string qualityFolder =
      o.qualityModel.empty() ? resourcePath(default_models::kQualityClassifier) : o.qualityModel;
  QualityClassifier quality = QualityClassifier::load(qualityFolder);
  const double probabilityHq = quality.probabilityHighQuality(timed);
  progress.report(0.92, "video LVEF");
  const std::string efFolder =
      o.efModel.empty() ? resourcePath(default_models::kEfRegressor) : o.efModel;
  EfRegressor efRegressor = EfRegressor::load(efFolder);
  const double videoEf = efRegressor.ejectionFractionPercent(timed);

  if (!o.masks.empty()) writeMaskStack(masks, o.masks);
  if (!o.csv.empty()) {
    std::ostringstream csv;
    const std::string unit = function.volumeInMl ? "mm2" : "px2";
    csv << "frame,lv_area_pixels,lv_area_" << unit << ",long_axis_"
        << (function.volumeInMl ? "mm" : "px") << ",volume_" << (function.volumeInMl ? "ml" : "px3")
        << ",gcnr,ed,es\n";
    for (int t = 0; t < clip.frameCount; ++t) {
      const auto& ed = function.phases.edFrames;
      const auto& es = function.phases.esFrames;
      csv << t << ',' << csvNumber(function.areaPixels[t]) << ',' << csvNumber(function.area[t])
          << ',' << csvNumber(function.longAxis[t]) << ',' << csvNumber(function.volume[t]) << ','
          << csvNumber(gcnr.perFrame[t]) << ','
          << (std::find(ed.begin(), ed.end(), t) != ed.end() ? 1 : 0) << ','
          << (std::find(es.begin(), es.end(), t) != es.end() ? 1 : 0) << '\n';
    }
    writeTextFileAtomically(o.csv, csv.str());
  }
  progress.report(1.0, "done");

  nlohmann::json& r = session.result;
  r["file"] = o.clip;
  r["frames"] = clip.frameCount;
  r["width"] = clip.width;
  r["height"] = clip.height;
  r["fps"] = fps;
  r["segmenter"] = {{"model", segmenterFolder},
                    {"architecture", segmenter.config().architecture},
                    {"milliseconds_per_frame", 1000.0 * segmentSeconds / clip.frameCount}};
  r["units"] = function.volumeInMl
                   ? nlohmann::json{{"area", "mm2"}, {"long_axis", "mm"}, {"volume", "ml"}}
                   : nlohmann::json{{"area", "px2"}, {"long_axis", "px"}, {"volume", "px3"}};
  r["lv_area_pixels"] = numbers(function.areaPixels);
  r["lv_area"] = numbers(function.area);
  r["lv_long_axis"] = numbers(function.longAxis);
  r["lv_volume"] = numbers(function.volume);
  r["ed_frames"] = function.phases.edFrames;
  r["es_frames"] = function.phases.esFrames;
  nlohmann::json beats = nlohmann::json::array();
  for (const CardiacBeat& beat : function.beats)
    beats.push_back({{"ed_frame", beat.edFrame},
                     {"es_frame", beat.esFrame},
                     {"edv", beat.edVolume},
                     {"esv", beat.esVolume},
                     {"ef_percent", beat.ejectionFractionPercent}});
  r["beats"] = beats;
  r["lvef_percent"] = number(function.ejectionFractionPercent);
  r["lvef_method"] = "single-plane area-length from the LV masks, mean over beats";
  r["lvef_video_percent"] = number(videoEf);
  r["ef_model"] = {{"model", efFolder},
                   {"method", "R(2+1)D video regressor, mean over its windows"},
                   {"frames", efRegressor.model().input().frames},
                   {"period", efRegressor.model().input().period}};
  r["p_hq"] = number(probabilityHq);
  r["quality_model"] = {{"model", qualityFolder}};
  r["gcnr"] = {{"per_frame", numbers(gcnr.perFrame)},
               {"mean", number(gcnr.mean)},
               {"defined_frames", gcnr.definedFrames},
               {"ring_width_pixels", gcnr.ringWidthPixels},
               {"histogram_bins", gcnr.histogramBins}};
  r["sector"] = sectorJson;
  if (!o.csv.empty()) r["csv"] = o.csv;
  if (!o.masks.empty()) r["masks"] = o.masks;

  std::ostringstream line;
  line << std::fixed << std::setprecision(2) << o.clip << ": " << clip.frameCount << " frames, ";
  if (std::isfinite(function.ejectionFractionPercent))
    line << "LVEF " << function.ejectionFractionPercent << " % over " << function.beats.size()
         << (function.beats.size() == 1 ? " beat" : " beats");
  else
    line << "no complete beat (no ED before an ES), no LVEF";
  line << " (video model " << videoEf << " %)";
  line << ", gCNR " << (std::isfinite(gcnr.mean) ? std::to_string(gcnr.mean) : "undefined");
  line << ", P_hq " << std::setprecision(3) << probabilityHq;
  session.say(line.str());
}

}  // namespace

void addMeasureCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<MeasureOptions>();
  CLI::App* cmd = app.add_subcommand("measure",
                                     "LV masks, LV area trace, ED/ES, LVEF (segmentation and video "
                                     "model), gCNR and P_hq of a clip");
  cmd->add_option("CLIP", o->clip, "Clip file (video, GIF, DICOM, image folder)")->required();
  cmd->add_option("--segmenter", o->segmenter,
                  "LV segmenter model folder (default: the bundled segmenter-echo)");
  cmd->add_option("--ef-model", o->efModel,
                  "Video EF regressor model folder (default: the bundled ef-echo; an imported "
                  "EchoNet-Dynamic model works too)");
  cmd->add_option("--quality-model", o->qualityModel,
                  "Quality classifier model folder for P_hq (default: the bundled quality-echo)");
  cmd->add_option("--csv", o->csv, "Write per-frame area, volume, gCNR, ED/ES to this CSV");
  cmd->add_option("--masks", o->masks, "Write the LV masks as a PNG (frames stacked vertically)");
  cmd->add_option("--fps", o->fps, "Frame rate when the clip does not say (or to override it)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--ring-width", o->ringWidth,
                  "gCNR myocardium ring width in pixels (default 5 at 112 px, scaled with size)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--bins", o->bins, "gCNR histogram bins over 0..255")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->callback([o, &session] {
    session.action = [o, &session] {
      const auto start = std::chrono::steady_clock::now();
      runMeasure(*o, session);
      session.result["seconds"] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
  });
}

}  // namespace latentecho::cli

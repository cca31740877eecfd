// `latentecho info FILE`: what a clip is (frames, rate, size, spacing, source) and where its
// ultrasound sector lies.
#include <cmath>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "command.h"
#include "latentecho/core/error.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/sector_finder.h"

namespace latentecho::cli {
namespace {

constexpr double kDegreesPerRadian = 180.0 / 3.14159265358979323846;

std::string fixed(double value, int decimals) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals) << value;
  return text.str();
}

void runInfo(const std::string& path, Session& session) {
  const Clip clip = readClip(path);
  nlohmann::json& result = session.result;
  result["file"] = path;
  result["kind"] = "clip";
  result["frames"] = clip.frameCount;
  result["width"] = clip.width;
  result["height"] = clip.height;
  result["fps"] = clip.fps;
  result["durationSeconds"] =
      clip.fps > 0.0 ? nlohmann::json(clip.frameCount / clip.fps) : nlohmann::json(nullptr);
  result["pixelSpacingMm"] = clip.spacing ? nlohmann::json{{"row", clip.spacing->rowMm},
                                                           {"column", clip.spacing->columnMm}}
                                          : nlohmann::json(nullptr);
  result["source"] = clip.source;

  std::string sectorLine;
  try {
    const SectorGeometry sector = findSector(clip);
    result["sector"] = {{"apexX", sector.apexX},
                        {"apexY", sector.apexY},
                        {"innerRadius", sector.innerRadius},
                        {"outerRadius", sector.outerRadius},
                        {"halfAngleDegrees", sector.halfAngle * kDegreesPerRadian},
                        {"axisAngleDegrees", sector.axisAngle * kDegreesPerRadian}};
    sectorLine = "apex (" + fixed(sector.apexX, 1) + ", " + fixed(sector.apexY, 1) + "), radius " +
                 fixed(sector.innerRadius, 1) + "-" + fixed(sector.outerRadius, 1) +
                 " px, opening " + fixed(2.0 * sector.halfAngle * kDegreesPerRadian, 1) +
                 " deg, axis " + fixed(sector.axisAngle * kDegreesPerRadian, 1) + " deg";
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    // A clip without a recognisable fan is still a clip: report why instead of failing.
    result["sector"] = nullptr;
    result["sectorError"] = e.what();
    sectorLine = std::string("no sector (") + e.what() + ")";
  }

  if (session.json) return;
  std::ostream& out = std::cout;
  out << "file:     " << path << '\n'
      << "source:   " << clip.source << '\n'
      << "frames:   " << clip.frameCount << '\n'
      << "size:     " << clip.width << " x " << clip.height << " px\n"
      << "fps:      " << (clip.fps > 0.0 ? fixed(clip.fps, 3) : std::string("unknown")) << '\n'
      << "duration: "
      << (clip.fps > 0.0 ? fixed(clip.frameCount / clip.fps, 3) + " s" : std::string("unknown"))
      << '\n'
      << "spacing:  "
      << (clip.spacing ? fixed(clip.spacing->rowMm, 4) + " x " + fixed(clip.spacing->columnMm, 4) +
                             " mm (row x column)"
                       : std::string("unknown"))
      << '\n'
      << "sector:   " << sectorLine << '\n';
}

}  // namespace

void addInfoCommand(CLI::App& app, Session& session) {
  CLI::App* command = app.add_subcommand(
      "info", "Clip metadata: frames, fps, size, pixel spacing, source, duration, sector");
  auto path = std::make_shared<std::string>();
  command
      ->add_option("FILE", *path,
                   "Video (AVI/MP4/MOV), GIF, DICOM, PNG/JPEG image or a folder of frames")
      ->required();
  command->callback(
      [&session, path] { session.action = [&session, path] { runInfo(*path, session); }; });
}

}  // namespace latentecho::cli

#include "latentecho/io/clip_writer.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <regex>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "gif.h"
#include "latentecho/core/error.h"
#include "latentecho/io/atomic_file.h"

namespace latentecho {
namespace fs = std::filesystem;
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string stageFor(const std::string& path) {
  return "writing " + fs::path(path).filename().string();
}

// What the video and frame-folder writers need of a clip, grey or colour.
struct FrameSource {
  int frameCount = 0, height = 0, width = 0;
  double fps = 0.0;
  bool colour = false;  // RGB (3 bytes per pixel) instead of grey
  const std::uint8_t* pixels = nullptr;

  cv::Mat frame(int t) const {
    const std::size_t bytes = static_cast<std::size_t>(height) * width * (colour ? 3 : 1);
    // OpenCV only reads through this header; the const_cast never leads to a write.
    cv::Mat view(height, width, colour ? CV_8UC3 : CV_8UC1,
                 const_cast<std::uint8_t*>(pixels + t * bytes));
    if (!colour) return view;
    cv::Mat bgr;  // OpenCV writes BGR
    cv::cvtColor(view, bgr, cv::COLOR_RGB2BGR);
    return bgr;
  }
};

FrameSource sourceOf(const Clip& clip) {
  return {clip.frameCount, clip.height, clip.width, clip.fps, false, clip.pixels.data()};
}

cv::Mat frameView(const Clip& clip, int t) { return sourceOf(clip).frame(t); }

void writePng(const cv::Mat& image, const std::string& path, const std::string& destination) {
  bool written = false;
  try {
    written = cv::imwrite(path, image);
  } catch (const cv::Exception& e) {
    throw Error(destination + ": cannot write the PNG (" + e.err + ")");
  }
  if (!written) throw Error(destination + ": cannot write the PNG");
}

// Video through OpenCV's FFmpeg backend. The codecs store 4:2:0 chroma and need even sides; FFmpeg
// would silently drop an odd last row or column, so the frame is padded with black instead.
void writeVideo(const FrameSource& clip, const std::string& path, int fourcc,
                const Progress& progress) {
  AtomicFile file(path);
  const double fps = clip.fps > 0.0 ? clip.fps : 30.0;
  const int width = clip.width + (clip.width % 2);
  const int height = clip.height + (clip.height % 2);
  {
    cv::VideoWriter writer;
    try {
      writer.open(file.temporaryPath(), cv::CAP_FFMPEG, fourcc, fps, cv::Size(width, height),
                  clip.colour);
    } catch (const cv::Exception& e) {
      throw Error(path + ": cannot start the video writer (" + e.err + ")");
    }
    if (!writer.isOpened())
      throw Error(path + ": cannot start the video writer for " + std::to_string(width) + "x" +
                  std::to_string(height) + " at " + std::to_string(fps) + " fps");
    cv::Mat padded(height, width, clip.colour ? CV_8UC3 : CV_8UC1, cv::Scalar::all(0));
    const std::string stage = stageFor(path);
    for (int t = 0; t < clip.frameCount; ++t) {
      progress.report(static_cast<double>(t) / clip.frameCount, stage);
      clip.frame(t).copyTo(padded(cv::Rect(0, 0, clip.width, clip.height)));
      try {
        writer.write(padded);
      } catch (const cv::Exception& e) {
        throw Error(path + ": cannot encode frame " + std::to_string(t) + " (" + e.err + ")");
      }
    }
    writer.release();
  }
  // VideoWriter::write reports nothing; open the result and check the frame count it records.
  cv::VideoCapture check(file.temporaryPath(), cv::CAP_FFMPEG);
  const double written = check.isOpened() ? check.get(cv::CAP_PROP_FRAME_COUNT) : 0.0;
  check.release();
  if (static_cast<long long>(written + 0.5) != clip.frameCount)
    throw Error(path + ": the video writer produced " +
                std::to_string(static_cast<long long>(written + 0.5)) + " of " +
                std::to_string(clip.frameCount) + " frames");
  progress.report(1.0, stageFor(path));
  file.commit();
}

void writeGifFile(const Clip& clip, const std::string& path, const Progress& progress) {
  AtomicFile file(path);
  gif::writeGif(clip, file.temporaryPath(), path, progress);
  progress.report(1.0, stageFor(path));
  file.commit();
}

void writeSinglePng(const Clip& clip, const std::string& path, const Progress& progress) {
  if (clip.frameCount != 1)
    throw Error(path + ": a PNG holds one frame but the clip has " +
                std::to_string(clip.frameCount) +
                "; write to a folder (a path ending in '/') or a video instead");
  AtomicFile file(path);
  progress.report(0.0, stageFor(path));
  writePng(frameView(clip, 0), file.temporaryPath(), path);
  progress.report(1.0, stageFor(path));
  file.commit();
}

// Frames go to temporary files first and are renamed only once all are written, so a failure or
// cancellation leaves the folder as it was (and removes it if this call created it).
void writeFrameFolder(const FrameSource& clip, const std::string& path, const Progress& progress) {
  fs::path folder(path);
  if (folder.filename().empty()) folder = folder.parent_path();
  std::error_code ec;
  bool created = false;
  if (!fs::exists(folder, ec)) {
    if (!fs::create_directory(folder, ec))
      throw Error(path + ": cannot create the folder (" + ec.message() + ")");
    created = true;
  } else if (!fs::is_directory(folder, ec)) {
    throw Error(path + ": exists and is not a folder");
  }
  struct RemoveIfCreated {
    fs::path folder;
    bool active;
    ~RemoveIfCreated() {
      std::error_code ignored;
      if (active) fs::remove(folder, ignored);  // only succeeds while empty
    }
  } cleanup{folder, created};

  std::vector<std::unique_ptr<AtomicFile>> files;
  {
    const std::string stage = stageFor(folder.string() + "/");
    char name[32];
    for (int t = 0; t < clip.frameCount; ++t) {
      progress.report(static_cast<double>(t) / clip.frameCount, stage);
      std::snprintf(name, sizeof name, "frame_%04d.png", t);
      const std::string target = (folder / name).string();
      files.push_back(std::make_unique<AtomicFile>(target));
      writePng(clip.frame(t), files.back()->temporaryPath(), target);
    }
    progress.report(1.0, stage);
  }
  for (auto& file : files) file->commit();
  cleanup.active = false;
  // Frames left from an earlier, longer clip would otherwise be read back as part of this one.
  static const std::regex kFrameName("frame_([0-9]{4,})\\.png");
  std::smatch match;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (std::regex_match(name, match, kFrameName) && match[1].length() < 10 &&
        std::stoll(match[1].str()) >= clip.frameCount)
      fs::remove(entry.path(), ec);
  }
}

}  // namespace

void writeClip(const Clip& clip, const std::string& path, const Progress& progress) {
  if (clip.empty()) throw Error(path + ": nothing to write, the clip has no frames");
  if (clip.frameCount < 0 || clip.height < 0 || clip.width < 0 ||
      clip.pixels.size() != static_cast<std::size_t>(clip.frameCount) * clip.frameSize())
    throw Error(path + ": the clip's pixel buffer (" + std::to_string(clip.pixels.size()) +
                " bytes) does not match " + std::to_string(clip.frameCount) + " frames of " +
                std::to_string(clip.width) + "x" + std::to_string(clip.height));
  std::error_code ec;
  if (path.empty()) throw Error("writeClip: empty output path");
  if (path.back() == '/' || fs::is_directory(path, ec))
    return writeFrameFolder(sourceOf(clip), path, progress);

  const std::string extension = lower(fs::path(path).extension().string());
  if (extension == ".mp4")
    return writeVideo(sourceOf(clip), path, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), progress);
  if (extension == ".avi")
    return writeVideo(sourceOf(clip), path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), progress);
  if (extension == ".gif") return writeGifFile(clip, path, progress);
  if (extension == ".png") return writeSinglePng(clip, path, progress);
  throw Error(path + ": unsupported output type" +
              (extension.empty() ? std::string(" (no extension)") : " '" + extension + "'") +
              "; use .mp4, .avi, .gif, .png or a folder path ending in '/'");
}

void writeRgbClip(const RgbClip& clip, const std::string& path, const Progress& progress) {
  if (clip.frameCount <= 0 || clip.height <= 0 || clip.width <= 0)
    throw Error(path + ": nothing to write, the clip has no frames");
  if (clip.pixels.size() !=
      static_cast<std::size_t>(clip.frameCount) * clip.height * clip.width * 3)
    throw Error(path + ": the colour clip's pixel buffer (" + std::to_string(clip.pixels.size()) +
                " bytes) does not match " + std::to_string(clip.frameCount) + " RGB frames of " +
                std::to_string(clip.width) + "x" + std::to_string(clip.height));
  if (path.empty()) throw Error("writeRgbClip: empty output path");
  const FrameSource source{clip.frameCount, clip.height, clip.width,
                           clip.fps,        true,        clip.pixels.data()};
  std::error_code ec;
  if (path.back() == '/' || fs::is_directory(path, ec))
    return writeFrameFolder(source, path, progress);
  const std::string extension = lower(fs::path(path).extension().string());
  if (extension == ".mp4")
    return writeVideo(source, path, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), progress);
  if (extension == ".avi")
    return writeVideo(source, path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), progress);
  throw Error(path + ": a colour clip is written as .mp4, .avi or a folder path ending in '/'" +
              (extension.empty() ? std::string() : ", not '" + extension + "'"));
}

Clip sideBySide(const Clip& left, const Clip& right) {
  if (left.frameCount != right.frameCount)
    throw Error("side by side: the clips have different frame counts (" +
                std::to_string(left.frameCount) + " and " + std::to_string(right.frameCount) + ")");
  Clip out(left.frameCount, std::max(left.height, right.height), left.width + right.width,
           left.fps > 0.0 ? left.fps : right.fps);
  if (left.spacing && right.spacing && left.spacing->rowMm == right.spacing->rowMm &&
      left.spacing->columnMm == right.spacing->columnMm)
    out.spacing = left.spacing;
  out.source = left.source + " | " + right.source;
  for (int t = 0; t < out.frameCount; ++t) {
    for (int y = 0; y < left.height; ++y)
      std::copy(left.frame(t) + static_cast<std::size_t>(y) * left.width,
                left.frame(t) + static_cast<std::size_t>(y + 1) * left.width,
                out.frame(t) + static_cast<std::size_t>(y) * out.width);
    for (int y = 0; y < right.height; ++y)
      std::copy(right.frame(t) + static_cast<std::size_t>(y) * right.width,
                right.frame(t) + static_cast<std::size_t>(y + 1) * right.width,
                out.frame(t) + static_cast<std::size_t>(y) * out.width + left.width);
  }
  return out;
}

}  // namespace latentecho

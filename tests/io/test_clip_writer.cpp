// writeClip and sideBySide: every format round-trips through readClip (and, for video, through
// OpenCV directly); failures and cancellation leave no file behind.
#include "latentecho/io/clip_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "latentecho/core/error.h"
#include "latentecho/io/clip_reader.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;

// A smooth, moving pattern (lossy codecs keep it close) with every grey level somewhere.
Clip patternClip(int frames, int height, int width, double fps) {
  Clip clip(frames, height, width, fps);
  for (int t = 0; t < frames; ++t)
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) {
        const double wave = std::sin(0.15 * x + 0.3 * t) * std::cos(0.11 * y);
        clip.at(t, y, x) = static_cast<std::uint8_t>(
            std::clamp(128.0 + 100.0 * wave + 20.0 * (x + y) / (width + height), 0.0, 255.0));
      }
  clip.source = "pattern";
  return clip;
}

double meanAbsoluteDifference(const Clip& a, const Clip& b) {
  double total = 0;
  for (int t = 0; t < a.frameCount; ++t)
    for (int y = 0; y < a.height; ++y)
      for (int x = 0; x < a.width; ++x) total += std::abs(a.at(t, y, x) - b.at(t, y, x));
  return total / static_cast<double>(a.pixels.size());
}

std::vector<std::string> namesIn(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// Cancels at the `cancelAt`-th report.
Progress cancellingAfter(int reports, int* seen) {
  return Progress([reports, seen](double, std::string_view) { return ++*seen < reports; });
}

TEST(ClipWriter, VideoRoundTripsAreClose) {
  testing::TempDir dir;
  const Clip clip = patternClip(16, 64, 80, 25.0);
  for (const char* name : {"clip.mp4", "clip.avi"}) {
    const std::string path = dir.file(name);
    writeClip(clip, path);
    const Clip back = readClip(path);
    ASSERT_EQ(back.frameCount, 16) << name;
    ASSERT_EQ(back.width, 80) << name;
    ASSERT_EQ(back.height, 64) << name;
    EXPECT_DOUBLE_EQ(back.fps, 25.0) << name;
    EXPECT_LT(meanAbsoluteDifference(clip, back), 3.0) << name;
    // Readable by OpenCV itself, with the promised codec.
    cv::VideoCapture capture(path, cv::CAP_FFMPEG);
    ASSERT_TRUE(capture.isOpened()) << name;
    EXPECT_EQ(capture.get(cv::CAP_PROP_FRAME_COUNT), 16.0);
    const int code = static_cast<int>(capture.get(cv::CAP_PROP_FOURCC));
    const std::string fourcc(reinterpret_cast<const char*>(&code), 4);
    EXPECT_EQ(fourcc, std::string(name) == "clip.mp4" ? "mp4v" : "MJPG");
  }
  EXPECT_EQ(namesIn(dir.path()), (std::vector<std::string>{"clip.avi", "clip.mp4"}));
}

TEST(ClipWriter, OddSizedVideoIsPaddedWithBlackNotCropped) {
  testing::TempDir dir;
  const Clip clip = patternClip(4, 31, 45, 10.0);
  writeClip(clip, dir.file("odd.mp4"));
  const Clip back = readClip(dir.file("odd.mp4"));
  ASSERT_EQ(back.width, 46);
  ASSERT_EQ(back.height, 32);
  double inside = 0, padding = 0;
  for (int t = 0; t < 4; ++t) {
    for (int y = 0; y < 31; ++y)
      for (int x = 0; x < 45; ++x) inside += std::abs(back.at(t, y, x) - clip.at(t, y, x));
    for (int y = 0; y < 32; ++y) padding += back.at(t, y, 45);
  }
  EXPECT_LT(inside / (4 * 31 * 45), 4.0);
  EXPECT_LT(padding / (4 * 32), 20.0);  // black, give or take codec ringing
}

TEST(ClipWriter, GifRoundTripIsExactWithTheFrameRate) {
  testing::TempDir dir;
  Clip clip = patternClip(9, 33, 47, 30.0);
  for (int x = 0; x < 47; ++x) clip.at(0, 0, x) = static_cast<std::uint8_t>(x * 5);  // extremes
  clip.at(0, 1, 0) = 0;
  clip.at(0, 1, 1) = 255;
  writeClip(clip, dir.file("loop.gif"));
  const Clip back = readClip(dir.file("loop.gif"));
  ASSERT_EQ(back.frameCount, 9);
  ASSERT_EQ(back.width, 47);
  ASSERT_EQ(back.height, 33);
  EXPECT_EQ(back.pixels, clip.pixels);
  EXPECT_NEAR(back.fps, 30.0, 0.5);  // 1/100 s delays: 3,3,4,3,3,4,... cs

  clip.fps = 0.0;  // unknown: written at 30
  writeClip(clip, dir.file("unknown.gif"));
  EXPECT_NEAR(readClip(dir.file("unknown.gif")).fps, 30.0, 0.5);
  clip.fps = 12.5;
  writeClip(clip, dir.file("slow.gif"));
  EXPECT_NEAR(readClip(dir.file("slow.gif")).fps, 12.5, 1e-9);
}

TEST(ClipWriter, PngHoldsExactlyOneFrame) {
  testing::TempDir dir;
  const Clip one = patternClip(1, 20, 30, 0.0);
  writeClip(one, dir.file("still.png"));
  EXPECT_EQ(readClip(dir.file("still.png")).pixels, one.pixels);

  const std::string message =
      errorOf([&] { writeClip(patternClip(3, 20, 30, 0.0), dir.file("many.png")); });
  EXPECT_TRUE(message.find("one frame") != std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir.file("many.png")));
  EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"still.png"});
}

TEST(ClipWriter, FolderOfFramesRoundTripsAndDropsStaleFrames) {
  testing::TempDir dir;
  const std::string folder = dir.file("frames") + "/";
  writeClip(patternClip(12, 10, 14, 0.0), folder);
  EXPECT_EQ(namesIn(folder).size(), 12u);
  EXPECT_EQ(namesIn(folder).front(), "frame_0000.png");
  EXPECT_EQ(namesIn(folder).back(), "frame_0011.png");

  // A shorter clip into the same (now existing) folder: its frames only, other files untouched.
  std::ofstream(dir.file("frames/readme.txt")) << "keep me";
  const Clip shorter = patternClip(3, 10, 14, 0.0);
  writeClip(shorter, dir.file("frames"));
  EXPECT_EQ(namesIn(folder), (std::vector<std::string>{"frame_0000.png", "frame_0001.png",
                                                       "frame_0002.png", "readme.txt"}));
  const Clip back = readClip(folder);
  EXPECT_EQ(back.pixels, shorter.pixels);
}

TEST(ClipWriter, OverwritingReplacesTheWholeFile) {
  testing::TempDir dir;
  writeClip(patternClip(20, 32, 32, 25.0), dir.file("out.avi"));
  writeClip(patternClip(5, 16, 24, 25.0), dir.file("out.avi"));
  const Clip back = readClip(dir.file("out.avi"));
  EXPECT_EQ(back.frameCount, 5);
  EXPECT_EQ(back.width, 24);
  EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"out.avi"});
}

TEST(ClipWriter, MissingParentFolderFailsWithoutLeavingAnything) {
  testing::TempDir dir;
  const Clip clip = patternClip(2, 16, 16, 25.0);
  for (const char* name : {"missing/out.mp4", "missing/out.avi", "missing/out.gif",
                           "missing/out.png", "missing/deeper/frames/"}) {
    const std::string path = dir.file(name);
    const Clip& written =
        std::string(name).find(".png") != std::string::npos ? patternClip(1, 16, 16, 0.0) : clip;
    const std::string message = errorOf([&] { writeClip(written, path); });
    EXPECT_FALSE(message.empty()) << name;
    EXPECT_NE(message.find("missing"), std::string::npos) << message;
  }
  EXPECT_TRUE(namesIn(dir.path()).empty());
}

TEST(ClipWriter, CancellationLeavesNoPartialFileAndKeepsTheOldOne) {
  testing::TempDir dir;
  const Clip clip = patternClip(10, 24, 24, 25.0);
  std::ofstream(dir.file("keep.avi")) << "previous export";
  for (const char* name : {"new.mp4", "keep.avi", "new.gif", "frames/"}) {
    int seen = 0;
    EXPECT_THROW(writeClip(clip, dir.file(name), cancellingAfter(5, &seen)), Cancelled) << name;
    EXPECT_EQ(seen, 5) << name;
  }
  EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"keep.avi"});
  std::ifstream old(dir.file("keep.avi"));
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(old), {}), "previous export");

  // Into an existing folder: its content stays as it was.
  fs::create_directory(dir.path() / "existing");
  writeClip(patternClip(2, 8, 8, 0.0), dir.file("existing/"));
  int seen = 0;
  EXPECT_THROW(writeClip(clip, dir.file("existing/"), cancellingAfter(4, &seen)), Cancelled);
  EXPECT_EQ(namesIn(dir.path() / "existing"),
            (std::vector<std::string>{"frame_0000.png", "frame_0001.png"}));
}

TEST(ClipWriter, ReportsProgressUpToTheEnd) {
  testing::TempDir dir;
  std::vector<double> fractions;
  Progress progress([&](double f, std::string_view stage) {
    fractions.push_back(f);
    EXPECT_NE(stage.find("clip.gif"), std::string_view::npos);
    return true;
  });
  writeClip(patternClip(6, 8, 8, 10.0), dir.file("clip.gif"), progress);
  ASSERT_GE(fractions.size(), 6u);
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
}

TEST(ClipWriter, BadRequestsAreErrors) {
  testing::TempDir dir;
  EXPECT_NE(errorOf([&] {
              writeClip(patternClip(2, 8, 8, 0.0), dir.file("clip.webp"));
            }).find("unsupported"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { writeClip(Clip(), dir.file("clip.mp4")); }).find("no frames"),
            std::string::npos);
  Clip broken(2, 8, 8);
  broken.pixels.resize(10);
  EXPECT_THROW(writeClip(broken, dir.file("clip.gif")), Error);
  std::ofstream(dir.file("plain")) << "a file";
  EXPECT_THROW(writeClip(patternClip(2, 8, 8, 0.0), dir.file("plain/")), Error);
  EXPECT_EQ(namesIn(dir.path()), std::vector<std::string>{"plain"});
}

// Red left half, blue right half, a green row moving down: colours a grey writer would lose.
RgbClip colourClip(int frames, int height, int width) {
  RgbClip clip;
  clip.frameCount = frames;
  clip.height = height;
  clip.width = width;
  clip.fps = 20.0;
  clip.pixels.resize(static_cast<std::size_t>(frames) * height * width * 3);
  for (int t = 0; t < frames; ++t)
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) {
        std::uint8_t* p =
            clip.pixels.data() + ((static_cast<std::size_t>(t) * height + y) * width + x) * 3;
        p[0] = x < width / 2 ? 220 : 20;
        p[1] = y == t ? 230 : 20;
        p[2] = x < width / 2 ? 20 : 220;
      }
  return clip;
}

TEST(RgbClipWriter, WritesColourVideosAndFrameFolders) {
  testing::TempDir dir;
  const RgbClip clip = colourClip(4, 16, 24);
  writeRgbClip(clip, dir.file("frames/"));
  ASSERT_EQ(namesIn(dir.file("frames")).size(), 4u);
  const cv::Mat frame = cv::imread(dir.file("frames/frame_0002.png"), cv::IMREAD_COLOR);  // BGR
  ASSERT_EQ(frame.channels(), 3);
  EXPECT_EQ(frame.at<cv::Vec3b>(5, 2), cv::Vec3b(20, 20, 220));   // red, left
  EXPECT_EQ(frame.at<cv::Vec3b>(5, 20), cv::Vec3b(220, 20, 20));  // blue, right
  EXPECT_EQ(frame.at<cv::Vec3b>(2, 2), cv::Vec3b(20, 230, 220));  // the green row of frame 2

  writeRgbClip(clip, dir.file("colour.avi"));
  cv::VideoCapture video(dir.file("colour.avi"));
  ASSERT_TRUE(video.isOpened());
  EXPECT_EQ(static_cast<int>(video.get(cv::CAP_PROP_FRAME_COUNT)), 4);
  cv::Mat first;
  ASSERT_TRUE(video.read(first));
  const cv::Vec3b left = first.at<cv::Vec3b>(8, 3), right = first.at<cv::Vec3b>(8, 20);
  EXPECT_GT(left[2], left[0] + 100);    // still red (lossy, but colour)
  EXPECT_GT(right[0], right[2] + 100);  // still blue
}

TEST(RgbClipWriter, RefusesWhatItCannotWrite) {
  testing::TempDir dir;
  EXPECT_NE(errorOf([&] { writeRgbClip(colourClip(2, 8, 8), dir.file("a.gif")); }).find("a.gif"),
            std::string::npos);
  RgbClip truncated = colourClip(2, 8, 8);
  truncated.pixels.pop_back();
  EXPECT_NE(errorOf([&] { writeRgbClip(truncated, dir.file("b.avi")); }).find("does not match"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(dir.file("a.gif")));
  EXPECT_FALSE(fs::exists(dir.file("b.avi")));
}

TEST(SideBySide, PlacesClipsLeftAndRightPaddedToTheTallerOne) {
  Clip left(2, 3, 2, 25.0), right(2, 5, 3, 50.0);
  std::fill(left.pixels.begin(), left.pixels.end(), 10);
  std::fill(right.pixels.begin(), right.pixels.end(), 20);
  left.at(1, 2, 1) = 99;
  right.at(1, 4, 2) = 77;
  left.source = "original";
  right.source = "enhanced";
  const Clip both = sideBySide(left, right);
  ASSERT_EQ(both.frameCount, 2);
  ASSERT_EQ(both.height, 5);
  ASSERT_EQ(both.width, 5);
  EXPECT_EQ(both.fps, 25.0);
  EXPECT_EQ(both.at(0, 0, 0), 10);
  EXPECT_EQ(both.at(0, 0, 2), 20);
  EXPECT_EQ(both.at(0, 4, 0), 0);  // below the shorter left clip
  EXPECT_EQ(both.at(1, 2, 1), 99);
  EXPECT_EQ(both.at(1, 4, 4), 77);
  EXPECT_EQ(both.source, "original | enhanced");
  EXPECT_THROW(sideBySide(left, Clip(3, 5, 3)), Error);
}

}  // namespace
}  // namespace latentecho

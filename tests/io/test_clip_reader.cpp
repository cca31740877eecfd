// readClip: every format from files made here independently of the project's writers (OpenCV
// for video and images, a hand-assembled GIF byte stream), and every kind of bad input.
#include "latentecho/io/clip_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "latentecho/core/error.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;

// Smooth colour frames with a moving bright disc: compresses well, so lossy codecs stay close.
std::vector<cv::Mat> colourFrames(int count, int height, int width) {
  std::vector<cv::Mat> frames;
  for (int t = 0; t < count; ++t) {
    cv::Mat frame(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x)
        frame.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<std::uint8_t>(40 + 150 * x / width),
                                              static_cast<std::uint8_t>(30 + 120 * y / height),
                                              static_cast<std::uint8_t>(60 + 5 * t));
    cv::circle(frame, cv::Point(10 + 3 * t, height / 2), height / 6, cv::Scalar(220, 230, 240),
               cv::FILLED, cv::LINE_AA);
    frames.push_back(frame);
  }
  return frames;
}

cv::Mat luma(const cv::Mat& bgr) {
  cv::Mat grey;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  return grey;
}

cv::Mat frameOf(const Clip& clip, int t) {
  return cv::Mat(clip.height, clip.width, CV_8UC1, const_cast<std::uint8_t*>(clip.frame(t)));
}

double meanAbsoluteDifference(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat difference;
  cv::absdiff(a, b, difference);
  return cv::mean(difference)[0];
}

void writeVideo(const std::string& path, int fourcc, const std::vector<cv::Mat>& frames,
                double fps) {
  cv::VideoWriter writer(path, cv::CAP_FFMPEG, fourcc, fps, frames.front().size(),
                         frames.front().channels() == 3);
  ASSERT_TRUE(writer.isOpened()) << path;
  for (const auto& frame : frames) writer.write(frame);
}

void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void cutInHalf(const std::string& path) { fs::resize_file(path, fs::file_size(path) / 2); }

// The Error's message, or "" when `read` did not throw one.
template <typename Read>
std::string errorOf(Read read) {
  try {
    read();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---- A GIF assembled byte by byte ---------------------------------------------------------------
// LZW with a clear code before every 100 literal codes keeps the code width at 9 bits, so the
// encoder is trivial and independent of giflib.
class GifBuilder {
 public:
  GifBuilder(int width, int height, const std::vector<std::array<std::uint8_t, 3>>& palette) {
    bytes_ = "GIF89a";
    word(width);
    word(height);
    bytes_ += static_cast<char>(0xF7);  // global table of 256 entries, 8-bit colour
    bytes_ += '\0';                     // background index
    bytes_ += '\0';                     // aspect
    for (int i = 0; i < 256; ++i)
      for (int c = 0; c < 3; ++c)
        bytes_ += static_cast<char>(i < static_cast<int>(palette.size()) ? palette[i][c] : 0);
  }
  void control(int delayCentiseconds, int disposal, int transparent = -1) {
    bytes_ += "\x21\xF9\x04";
    bytes_ += static_cast<char>((disposal << 2) | (transparent >= 0 ? 1 : 0));
    word(delayCentiseconds);
    bytes_ += static_cast<char>(transparent >= 0 ? transparent : 0);
    bytes_ += '\0';
  }
  // `indices` row-major width x height; rows are stored interlaced when asked.
  void image(int left, int top, int width, int height, const std::vector<std::uint8_t>& indices,
             bool interlaced = false) {
    bytes_ += ',';
    word(left);
    word(top);
    word(width);
    word(height);
    bytes_ += static_cast<char>(interlaced ? 0x40 : 0x00);
    std::vector<int> rows;
    if (interlaced) {
      for (int pass = 0; pass < 4; ++pass) {
        static const int start[] = {0, 4, 2, 1}, step[] = {8, 8, 4, 2};
        for (int y = start[pass]; y < height; y += step[pass]) rows.push_back(y);
      }
    } else {
      for (int y = 0; y < height; ++y) rows.push_back(y);
    }
    std::vector<int> codes;
    int literals = 0;
    codes.push_back(256);
    for (int y : rows)
      for (int x = 0; x < width; ++x) {
        if (literals == 100) {
          codes.push_back(256);
          literals = 0;
        }
        codes.push_back(indices[static_cast<std::size_t>(y) * width + x]);
        ++literals;
      }
    codes.push_back(257);
    std::string data;
    unsigned long buffer = 0;
    int bits = 0;
    for (int code : codes) {
      buffer |= static_cast<unsigned long>(code) << bits;
      bits += 9;
      while (bits >= 8) {
        data += static_cast<char>(buffer & 0xFF);
        buffer >>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) data += static_cast<char>(buffer & 0xFF);
    bytes_ += static_cast<char>(8);  // LZW minimum code size
    for (std::size_t at = 0; at < data.size(); at += 255) {
      const std::size_t length = std::min<std::size_t>(255, data.size() - at);
      bytes_ += static_cast<char>(length);
      bytes_ += data.substr(at, length);
    }
    bytes_ += '\0';
  }
  std::string finish() { return bytes_ + ";"; }

 private:
  void word(int value) {
    bytes_ += static_cast<char>(value & 0xFF);
    bytes_ += static_cast<char>((value >> 8) & 0xFF);
  }
  std::string bytes_;
};

std::vector<std::array<std::uint8_t, 3>> greyPalette() {
  std::vector<std::array<std::uint8_t, 3>> palette;
  for (int i = 0; i < 256; ++i)
    palette.push_back(
        {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i)});
  return palette;
}

// ---- Video
// ---------------------------------------------------------------------------------------

TEST(ClipReader, ReadsColourMjpegAviAsLuma) {
  testing::TempDir dir;
  const std::string path = dir.file("colour.avi");
  const auto frames = colourFrames(12, 64, 96);
  writeVideo(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), frames, 25.0);
  const Clip clip = readClip(path);
  ASSERT_EQ(clip.frameCount, 12);
  EXPECT_EQ(clip.width, 96);
  EXPECT_EQ(clip.height, 64);
  EXPECT_DOUBLE_EQ(clip.fps, 25.0);
  EXPECT_FALSE(clip.spacing.has_value());
  EXPECT_TRUE(contains(clip.source, "colour.avi")) << clip.source;
  EXPECT_TRUE(contains(clip.source, "MJPG")) << clip.source;
  for (int t = 0; t < 12; ++t)
    EXPECT_LT(meanAbsoluteDifference(frameOf(clip, t), luma(frames[t])), 3.0) << "frame " << t;
}

TEST(ClipReader, ReadsMp4AndMov) {
  testing::TempDir dir;
  const auto frames = colourFrames(10, 48, 64);
  for (const char* name : {"clip.mp4", "clip.mov"}) {
    const std::string path = dir.file(name);
    writeVideo(path, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), frames, 30.0);
    const Clip clip = readClip(path);
    ASSERT_EQ(clip.frameCount, 10) << name;
    EXPECT_EQ(clip.width, 64);
    EXPECT_EQ(clip.height, 48);
    EXPECT_NEAR(clip.fps, 30.0, 1e-6);
    EXPECT_TRUE(contains(clip.source, name)) << clip.source;
    double total = 0;
    for (int t = 0; t < 10; ++t) total += meanAbsoluteDifference(frameOf(clip, t), luma(frames[t]));
    EXPECT_LT(total / 10, 4.0) << name;
  }
}

TEST(ClipReader, MaxFramesStopsEarlyWithoutCallingItTruncation) {
  testing::TempDir dir;
  const std::string path = dir.file("long.avi");
  writeVideo(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), colourFrames(20, 32, 32), 20.0);
  ReadLimits limits;
  limits.maxFrames = 5;
  const Clip clip = readClip(path, limits);
  EXPECT_EQ(clip.frameCount, 5);
  EXPECT_EQ(clip.pixels.size(), 5u * 32 * 32);
}

TEST(ClipReader, TruncatedAviIsAnError) {
  testing::TempDir dir;
  const std::string path = dir.file("cut.avi");
  writeVideo(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), colourFrames(30, 64, 64), 25.0);
  cutInHalf(path);
  const std::string message = errorOf([&] { readClip(path); });
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_TRUE(contains(message, "truncated")) << message;
}

TEST(ClipReader, TruncatedMp4IsAnError) {
  testing::TempDir dir;
  const std::string path = dir.file("cut.mp4");
  writeVideo(path, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), colourFrames(30, 64, 64), 25.0);
  cutInHalf(path);
  const std::string message = errorOf([&] { readClip(path); });
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_TRUE(contains(message, "truncated")) << message;
}

TEST(ClipReader, RandomBytesWithAVideoExtensionAreAnError) {
  testing::TempDir dir;
  std::mt19937 random(7);
  std::string noise(20000, '\0');
  for (char& c : noise) c = static_cast<char>(random() & 0xFF);
  for (const char* name : {"noise.avi", "noise.mp4", "noise.mov"}) {
    writeBytes(dir.file(name), noise);
    const std::string message = errorOf([&] { readClip(dir.file(name)); });
    EXPECT_TRUE(contains(message, dir.file(name))) << message;
  }
  // A valid RIFF header with garbage after it.
  writeBytes(dir.file("riff.avi"), "RIFF\x10\x27\0\0AVI LIST" + noise.substr(0, 5000));
  EXPECT_TRUE(contains(errorOf([&] { readClip(dir.file("riff.avi")); }), "riff.avi"));
}

TEST(ClipReader, VideoWithoutFramesIsAnError) {
  testing::TempDir dir;
  const std::string path = dir.file("empty.avi");
  {
    cv::VideoWriter writer(path, cv::CAP_FFMPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25.0,
                           cv::Size(32, 32), false);
    ASSERT_TRUE(writer.isOpened());
  }
  ASSERT_TRUE(fs::exists(path));
  const std::string message = errorOf([&] { readClip(path); });
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_TRUE(contains(message, "frames") || contains(message, "video")) << message;
}

TEST(ClipReader, VideoBeyondTheSizeLimitsIsRefused) {
  testing::TempDir dir;
  const std::string path = dir.file("small.avi");
  writeVideo(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), colourFrames(10, 48, 64), 25.0);
  ReadLimits narrow;
  narrow.maxSide = 50;
  std::string message = errorOf([&] { readClip(path, narrow); });
  EXPECT_TRUE(contains(message, "64x48")) << message;
  EXPECT_TRUE(contains(message, "limit")) << message;
  ReadLimits small;
  small.maxBytes = 5 * 48 * 64;  // half the clip
  message = errorOf([&] { readClip(path, small); });
  EXPECT_TRUE(contains(message, "limit")) << message;
  EXPECT_TRUE(contains(message, path)) << message;
}

// ---- GIF
// -----------------------------------------------------------------------------------------

TEST(ClipReader, ReadsAnimatedGifWithOffsetsTransparencyAndDisposal) {
  testing::TempDir dir;
  const int w = 20, h = 12;
  GifBuilder gif(w, h, greyPalette());
  // Frame 0: full screen, value 100 + x.
  std::vector<std::uint8_t> full(w * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) full[y * w + x] = static_cast<std::uint8_t>(100 + x);
  gif.control(4, /*disposal=*/1);
  gif.image(0, 0, w, h, full);
  // Frame 1: a 4x3 patch at (5,2) of 250 with a transparent hole (index 7) in its middle; the
  // patch is restored to black afterwards (disposal 2).
  std::vector<std::uint8_t> patch(12, 250);
  patch[5] = 7;
  gif.control(4, /*disposal=*/2, /*transparent=*/7);
  gif.image(5, 2, 4, 3, patch);
  // Frame 2: a 2x2 patch of 30 at (0,0), interlaced rows, restored to the previous canvas.
  gif.control(2, /*disposal=*/3);
  gif.image(0, 0, 2, 2, std::vector<std::uint8_t>(4, 30), /*interlaced=*/true);
  // Frame 3: one pixel, to show what frames 1 and 2's disposal left.
  gif.control(2, /*disposal=*/1);
  gif.image(19, 11, 1, 1, {1});
  writeBytes(dir.file("anim.gif"), gif.finish());

  const Clip clip = readClip(dir.file("anim.gif"));
  ASSERT_EQ(clip.frameCount, 4);
  ASSERT_EQ(clip.width, w);
  ASSERT_EQ(clip.height, h);
  EXPECT_NEAR(clip.fps, 100.0 * 4 / 12, 1e-9);  // delays 4+4+2+2 cs
  EXPECT_TRUE(contains(clip.source, "anim.gif")) << clip.source;
  EXPECT_EQ(clip.at(0, 3, 7), 107);
  EXPECT_EQ(clip.at(1, 2, 5), 250);
  EXPECT_EQ(clip.at(1, 3, 6), 106);  // transparent: frame 0 shows through
  EXPECT_EQ(clip.at(1, 0, 0), 100);
  EXPECT_EQ(clip.at(2, 2, 5), 0);  // frame 1's patch was cleared to background
  EXPECT_EQ(clip.at(2, 3, 6), 0);
  EXPECT_EQ(clip.at(2, 1, 1), 30);
  EXPECT_EQ(clip.at(2, 5, 10), 110);
  EXPECT_EQ(clip.at(3, 1, 1), 101);  // frame 2 restored to the canvas before it
  EXPECT_EQ(clip.at(3, 0, 0), 100);
  EXPECT_EQ(clip.at(3, 2, 5), 0);
  EXPECT_EQ(clip.at(3, 11, 19), 1);
}

TEST(ClipReader, GifColoursBecomeLuma) {
  testing::TempDir dir;
  GifBuilder gif(3, 1, {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}});
  gif.image(0, 0, 3, 1, {0, 1, 2});
  writeBytes(dir.file("rgb.gif"), gif.finish());
  const Clip clip = readClip(dir.file("rgb.gif"));
  ASSERT_EQ(clip.frameCount, 1);
  EXPECT_EQ(clip.at(0, 0, 0), 76);   // 0.299 * 255
  EXPECT_EQ(clip.at(0, 0, 1), 150);  // 0.587 * 255
  EXPECT_EQ(clip.at(0, 0, 2), 29);   // 0.114 * 255
  EXPECT_EQ(clip.fps, 0.0);          // no delays given
}

TEST(ClipReader, TruncatedGifIsAnError) {
  testing::TempDir dir;
  GifBuilder gif(40, 30, greyPalette());
  for (int t = 0; t < 3; ++t) gif.image(0, 0, 40, 30, std::vector<std::uint8_t>(1200, 9 * t));
  std::string bytes = gif.finish();
  writeBytes(dir.file("cut.gif"), bytes.substr(0, bytes.size() / 2));
  std::string message = errorOf([&] { readClip(dir.file("cut.gif")); });
  EXPECT_TRUE(contains(message, "cut.gif")) << message;
  EXPECT_TRUE(contains(message, "truncated")) << message;
  // Cut exactly after a complete frame: the trailer is still missing.
  GifBuilder one(8, 8, greyPalette());
  one.image(0, 0, 8, 8, std::vector<std::uint8_t>(64, 5));
  const std::string complete = one.finish();
  writeBytes(dir.file("notrailer.gif"), complete.substr(0, complete.size() - 1));
  EXPECT_TRUE(contains(errorOf([&] { readClip(dir.file("notrailer.gif")); }), "truncated"));
}

TEST(ClipReader, GifWithoutFramesIsAnError) {
  testing::TempDir dir;
  writeBytes(dir.file("none.gif"), GifBuilder(8, 8, greyPalette()).finish());
  const std::string message = errorOf([&] { readClip(dir.file("none.gif")); });
  EXPECT_TRUE(contains(message, "no frames")) << message;
}

TEST(ClipReader, HugeGifScreenIsRefusedBeforeDecoding) {
  testing::TempDir dir;
  GifBuilder gif(60000, 60000, greyPalette());
  gif.image(0, 0, 1, 1, {3});
  writeBytes(dir.file("huge.gif"), gif.finish());
  const std::string message = errorOf([&] { readClip(dir.file("huge.gif")); });
  EXPECT_TRUE(contains(message, "60000x60000")) << message;
  EXPECT_TRUE(contains(message, "limit")) << message;
  ReadLimits limits;
  limits.maxBytes = 1000;  // 4 frames of 20x20 = 1600 bytes
  GifBuilder many(20, 20, greyPalette());
  for (int t = 0; t < 4; ++t) many.image(0, 0, 20, 20, std::vector<std::uint8_t>(400, 1));
  writeBytes(dir.file("many.gif"), many.finish());
  EXPECT_TRUE(contains(errorOf([&] { readClip(dir.file("many.gif"), limits); }), "limit"));
  limits = ReadLimits{};
  limits.maxFrames = 2;
  EXPECT_EQ(readClip(dir.file("many.gif"), limits).frameCount, 2);
}

// ---- Images and folders
// --------------------------------------------------------------------------

TEST(ClipReader, ReadsColourPngAndGreyJpegAsOneFrame) {
  testing::TempDir dir;
  const cv::Mat colour = colourFrames(1, 40, 50).front();
  ASSERT_TRUE(cv::imwrite(dir.file("colour.png"), colour));
  Clip clip = readClip(dir.file("colour.png"));
  ASSERT_EQ(clip.frameCount, 1);
  EXPECT_EQ(clip.width, 50);
  EXPECT_EQ(clip.height, 40);
  EXPECT_EQ(clip.fps, 0.0);
  cv::Mat difference;
  cv::absdiff(frameOf(clip, 0), luma(colour), difference);
  double largest = 0;
  cv::minMaxLoc(difference, nullptr, &largest);
  EXPECT_LE(largest, 1.0);
  EXPECT_TRUE(contains(clip.source, "PNG")) << clip.source;

  ASSERT_TRUE(cv::imwrite(dir.file("grey.jpg"), luma(colour), {cv::IMWRITE_JPEG_QUALITY, 95}));
  clip = readClip(dir.file("grey.jpg"));
  ASSERT_EQ(clip.frameCount, 1);
  EXPECT_LT(meanAbsoluteDifference(frameOf(clip, 0), luma(colour)), 2.0);
  EXPECT_TRUE(contains(clip.source, "JPEG")) << clip.source;
}

TEST(ClipReader, SixteenBitPngBecomesEightBit) {
  testing::TempDir dir;
  cv::Mat deep(4, 4, CV_16UC1, cv::Scalar(40000));
  ASSERT_TRUE(cv::imwrite(dir.file("deep.png"), deep));
  const Clip clip = readClip(dir.file("deep.png"));
  EXPECT_EQ(clip.at(0, 2, 2), 40000 / 256);
}

TEST(ClipReader, FormatFollowsContentNotExtension) {
  testing::TempDir dir;
  cv::Mat image(10, 10, CV_8UC1, cv::Scalar(77));
  ASSERT_TRUE(cv::imwrite(dir.file("real.png"), image));
  fs::rename(dir.file("real.png"), dir.file("misnamed.avi"));
  EXPECT_EQ(readClip(dir.file("misnamed.avi")).at(0, 5, 5), 77);
  writeBytes(dir.file("fake.png"), "this is not a png");
  EXPECT_TRUE(contains(errorOf([&] { readClip(dir.file("fake.png")); }), "not a PNG"));
  writeBytes(dir.file("fake.gif"), "GIF? no");
  EXPECT_TRUE(contains(errorOf([&] { readClip(dir.file("fake.gif")); }), "fake.gif"));
}

TEST(ClipReader, TruncatedImagesAreErrors) {
  testing::TempDir dir;
  cv::Mat image(64, 64, CV_8UC1);
  cv::randu(image, 0, 255);
  ASSERT_TRUE(cv::imwrite(dir.file("cut.png"), image));
  ASSERT_TRUE(cv::imwrite(dir.file("cut.jpg"), image));
  cutInHalf(dir.file("cut.png"));
  cutInHalf(dir.file("cut.jpg"));
  for (const char* name : {"cut.png", "cut.jpg"}) {
    const std::string message = errorOf([&] { readClip(dir.file(name)); });
    EXPECT_TRUE(contains(message, dir.file(name))) << message;
    EXPECT_TRUE(contains(message, "truncated")) << message;
  }
}

TEST(ClipReader, EnormousImageHeaderIsRefusedBeforeDecoding) {
  testing::TempDir dir;
  // A PNG signature and an IHDR claiming 100000 x 100000: 10 GB if it were decoded.
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\x0dIHDR", 8);
  png += std::string("\0\x01\x86\xa0\0\x01\x86\xa0\x08\0\0\0\0", 13);
  png += std::string(4, '\0');  // CRC (never reached)
  writeBytes(dir.file("huge.png"), png);
  std::string message = errorOf([&] { readClip(dir.file("huge.png")); });
  EXPECT_TRUE(contains(message, "100000x100000")) << message;
  EXPECT_TRUE(contains(message, "limit")) << message;

  cv::Mat image(48, 64, CV_8UC1, cv::Scalar(1));
  ASSERT_TRUE(cv::imwrite(dir.file("small.jpg"), image));
  ReadLimits limits;
  limits.maxSide = 60;
  message = errorOf([&] { readClip(dir.file("small.jpg"), limits); });
  EXPECT_TRUE(contains(message, "64x48")) << message;
}

TEST(ClipReader, ReadsAFolderOfFramesInNaturalOrder) {
  testing::TempDir dir;
  const fs::path folder = dir.path() / "frames";
  fs::create_directory(folder);
  for (int i = 1; i <= 11; ++i) {
    cv::Mat frame(6, 8, CV_8UC1, cv::Scalar(i * 10));
    ASSERT_TRUE(cv::imwrite((folder / ("img_" + std::to_string(i) + ".png")).string(), frame));
  }
  cv::Mat odd(6, 8, CV_8UC1, cv::Scalar(200));
  ASSERT_TRUE(cv::imwrite((folder / "img_12.jpg").string(), odd, {cv::IMWRITE_JPEG_QUALITY, 100}));
  // Hidden files (a writer's temporaries) and other files are not frames.
  ASSERT_TRUE(cv::imwrite((folder / ".img_0.tmp-abc.png").string(), odd));
  writeBytes((folder / "notes.txt").string(), "hello");

  const Clip clip = readClip(folder.string());
  ASSERT_EQ(clip.frameCount, 12);
  EXPECT_EQ(clip.width, 8);
  EXPECT_EQ(clip.height, 6);
  for (int t = 0; t < 11; ++t) EXPECT_EQ(clip.at(t, 3, 3), (t + 1) * 10) << "frame " << t;
  EXPECT_NEAR(clip.at(11, 3, 3), 200, 2);
  EXPECT_TRUE(contains(clip.source, "frames")) << clip.source;

  ReadLimits limits;
  limits.maxFrames = 3;
  EXPECT_EQ(readClip(folder.string() + "/", limits).frameCount, 3);
}

TEST(ClipReader, FolderProblemsAreErrorsNamingTheFile) {
  testing::TempDir dir;
  const fs::path empty = dir.path() / "empty";
  fs::create_directory(empty);
  writeBytes((empty / "model.json").string(), "{}");
  EXPECT_TRUE(contains(errorOf([&] { readClip(empty.string()); }), "no PNG or JPEG frames"));

  const fs::path mixed = dir.path() / "mixed";
  fs::create_directory(mixed);
  ASSERT_TRUE(cv::imwrite((mixed / "a1.png").string(), cv::Mat(6, 8, CV_8UC1, cv::Scalar(1))));
  ASSERT_TRUE(cv::imwrite((mixed / "a2.png").string(), cv::Mat(7, 8, CV_8UC1, cv::Scalar(1))));
  const std::string message = errorOf([&] { readClip(mixed.string()); });
  EXPECT_TRUE(contains(message, "a2.png")) << message;
  EXPECT_TRUE(contains(message, "8x7")) << message;
}

// ---- Other bad input
// -----------------------------------------------------------------------------

TEST(ClipReader, MissingEmptyAndUnsupportedFilesAreErrorsNamingTheFile) {
  testing::TempDir dir;
  std::string message = errorOf([&] { readClip(dir.file("absent.avi")); });
  EXPECT_TRUE(contains(message, dir.file("absent.avi"))) << message;
  EXPECT_TRUE(contains(message, "no such file")) << message;

  writeBytes(dir.file("empty.mp4"), "");
  message = errorOf([&] { readClip(dir.file("empty.mp4")); });
  EXPECT_TRUE(contains(message, "empty")) << message;

  writeBytes(dir.file("table.csv"), "a,b\n");
  message = errorOf([&] { readClip(dir.file("table.csv")); });
  EXPECT_TRUE(contains(message, "unsupported")) << message;
  EXPECT_TRUE(contains(message, ".csv")) << message;

  ReadLimits nonsense;
  nonsense.maxSide = 0;
  EXPECT_THROW(readClip(dir.file("table.csv"), nonsense), Error);
}

TEST(ClipReader, DicomMagicGoesToTheDicomReader) {
  testing::TempDir dir;
  // Preamble and DICM magic, then no valid data set: the DICOM reader's own error, not
  // "unsupported".
  writeBytes(dir.file("scan.bin"), std::string(128, '\0') + "DICM" + std::string(16, '\x55'));
  const std::string message = errorOf([&] { readClip(dir.file("scan.bin")); });
  EXPECT_FALSE(message.empty());
  EXPECT_FALSE(contains(message, "unsupported file type")) << message;
}

}  // namespace
}  // namespace latentecho

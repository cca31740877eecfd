#include "latentecho/io/clip_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "gif.h"
#include "latentecho/core/error.h"
#include "latentecho/io/dicom_reader.h"

namespace latentecho {
namespace fs = std::filesystem;
namespace {

enum class ImageFormat { Png, Jpeg };

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string extensionOf(const fs::path& path) { return lower(path.extension().string()); }

std::vector<unsigned char> readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
}

std::vector<unsigned char> readHead(const std::string& path, std::size_t count) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> head(count);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(count));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

bool startsWith(const std::vector<unsigned char>& bytes,
                std::initializer_list<unsigned char> magic) {
  return bytes.size() >= magic.size() && std::equal(magic.begin(), magic.end(), bytes.begin());
}

bool isPng(const std::vector<unsigned char>& head) {
  return startsWith(head, {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
}
bool isJpeg(const std::vector<unsigned char>& head) { return startsWith(head, {0xFF, 0xD8, 0xFF}); }
bool isGif(const std::vector<unsigned char>& head) {
  return startsWith(head, {'G', 'I', 'F', '8'});
}

void checkFrameSize(const std::string& path, long long width, long long height,
                    const ReadLimits& limits) {
  if (width <= 0 || height <= 0)
    throw Error(path + ": frame size " + std::to_string(width) + "x" + std::to_string(height) +
                " is empty");
  if (width > limits.maxSide || height > limits.maxSide)
    throw Error(path + ": frame size " + std::to_string(width) + "x" + std::to_string(height) +
                " exceeds the limit of " + std::to_string(limits.maxSide) + " pixels per side");
}

void checkClipBytes(const std::string& path, long long frames, long long width, long long height,
                    const ReadLimits& limits) {
  const double bytes = static_cast<double>(frames) * static_cast<double>(width) * height;
  if (bytes > static_cast<double>(limits.maxBytes))
    throw Error(path + ": " + std::to_string(frames) + " frames of " + std::to_string(width) + "x" +
                std::to_string(height) + " need " +
                std::to_string(static_cast<long long>(bytes / (1 << 20))) +
                " MiB, more than the limit of " + std::to_string(limits.maxBytes >> 20) + " MiB");
}

// Image width and height from the file header, without decoding, so that a huge image is refused
// before anything is allocated for it. For JPEG also checks that the entropy-coded data is
// followed by an end-of-image marker: libjpeg quietly grey-fills a truncated file.
struct ImageHeader {
  ImageFormat format;
  int width = 0;
  int height = 0;
};

ImageHeader probeImage(const std::string& path) {
  const std::vector<unsigned char> data = readAll(path);
  if (isPng(data)) {
    // Signature, then the IHDR chunk: length (4), "IHDR", width and height (big-endian).
    if (data.size() < 24 || std::string(data.begin() + 12, data.begin() + 16) != "IHDR")
      throw Error(path + ": truncated or corrupt PNG (no IHDR header)");
    const auto be32 = [&](std::size_t at) {
      return (static_cast<long long>(data[at]) << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) |
             data[at + 3];
    };
    const long long width = be32(16), height = be32(20);
    if (width > (1LL << 30) || height > (1LL << 30))
      throw Error(path + ": corrupt PNG header (size " + std::to_string(width) + "x" +
                  std::to_string(height) + ")");
    return {ImageFormat::Png, static_cast<int>(width), static_cast<int>(height)};
  }
  if (isJpeg(data)) {
    ImageHeader header{ImageFormat::Jpeg};
    std::size_t at = 2;
    std::size_t scanStart = 0;
    while (at + 4 <= data.size()) {
      if (data[at] != 0xFF) throw Error(path + ": corrupt JPEG (bad marker structure)");
      const unsigned char marker = data[at + 1];
      if (marker == 0xFF) {  // fill byte
        ++at;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no payload
        at += 2;
        continue;
      }
      const std::size_t length = (data[at + 2] << 8) | data[at + 3];
      if (length < 2) throw Error(path + ": corrupt JPEG (bad segment length)");
      const bool startOfFrame =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame && at + 9 <= data.size()) {
        header.height = (data[at + 5] << 8) | data[at + 6];
        header.width = (data[at + 7] << 8) | data[at + 8];
      }
      if (marker == 0xDA) {  // start of scan: entropy-coded data follows
        scanStart = at + 2 + length;
        break;
      }
      at += 2 + length;
    }
    if (header.width == 0 || scanStart == 0)
      throw Error(path + ": truncated or corrupt JPEG (no frame header or image data)");
    bool ended = false;
    for (std::size_t i = data.size(); i-- > scanStart + 1;) {
      if (data[i - 1] == 0xFF && data[i] == 0xD9) {
        ended = true;
        break;
      }
    }
    if (!ended) throw Error(path + ": truncated JPEG (the image data has no end marker)");
    return header;
  }
  throw Error(path + ": not a PNG or JPEG image");
}

const char* formatName(ImageFormat format) { return format == ImageFormat::Png ? "PNG" : "JPEG"; }

// Decodes one image into `out` (frame-size bytes), as 8-bit luma.
void decodeImageInto(const std::string& path, const ImageHeader& header, std::uint8_t* out) {
  cv::Mat image;
  try {
    // IMREAD_GRAYSCALE converts colour with BT.601 weights (libpng, libjpeg) and 16-bit to 8-bit.
    image = cv::imread(path, cv::IMREAD_GRAYSCALE | cv::IMREAD_IGNORE_ORIENTATION);
  } catch (const cv::Exception& e) {
    throw Error(path + ": cannot decode the " + formatName(header.format) + " image (" + e.err +
                ")");
  }
  if (image.empty())
    throw Error(path + ": cannot decode the " + formatName(header.format) +
                " image (truncated or corrupt)");
  if (image.cols != header.width || image.rows != header.height || image.type() != CV_8UC1)
    throw Error(path + ": decoded size " + std::to_string(image.cols) + "x" +
                std::to_string(image.rows) + " differs from its header");
  for (int y = 0; y < image.rows; ++y)
    std::copy(image.ptr<std::uint8_t>(y), image.ptr<std::uint8_t>(y) + image.cols,
              out + static_cast<std::size_t>(y) * image.cols);
}

Clip readImage(const std::string& path, const ReadLimits& limits) {
  const ImageHeader header = probeImage(path);
  checkFrameSize(path, header.width, header.height, limits);
  checkClipBytes(path, 1, header.width, header.height, limits);
  Clip clip(1, header.height, header.width);
  decodeImageInto(path, header, clip.pixels.data());
  clip.source = fs::path(path).filename().string() + " (" + formatName(header.format) + " image)";
  return clip;
}

// "frame_2" < "frame_10": digit runs compare as numbers.
bool naturalLess(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) &&
        std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      std::size_t is = i, js = j;
      while (is + 1 < ie && a[is] == '0') ++is;
      while (js + 1 < je && b[js] == '0') ++js;
      const std::string na = a.substr(is, ie - is), nb = b.substr(js, je - js);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  if ((a.size() - i) != (b.size() - j)) return (a.size() - i) < (b.size() - j);
  return a < b;
}

Clip readFrameFolder(const std::string& path, const ReadLimits& limits) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;  // hidden, including our own temporary files
    const std::string extension = extensionOf(entry.path());
    if (extension != ".png" && extension != ".jpg" && extension != ".jpeg") continue;
    if (!entry.is_regular_file(ec)) continue;
    names.push_back(name);
  }
  if (ec) throw Error(path + ": cannot list the folder (" + ec.message() + ")");
  if (names.empty()) throw Error(path + ": the folder contains no PNG or JPEG frames");
  std::sort(names.begin(), names.end(), naturalLess);
  if (limits.maxFrames > 0 && static_cast<int>(names.size()) > limits.maxFrames)
    names.resize(limits.maxFrames);

  // Every header first: sizes must agree and fit the limits before any pixel is decoded.
  std::vector<ImageHeader> headers;
  for (const std::string& name : names) {
    const std::string file = (fs::path(path) / name).string();
    headers.push_back(probeImage(file));
    checkFrameSize(file, headers.back().width, headers.back().height, limits);
    if (headers.back().width != headers.front().width ||
        headers.back().height != headers.front().height)
      throw Error(file + ": frame size " + std::to_string(headers.back().width) + "x" +
                  std::to_string(headers.back().height) + " differs from the first frame's " +
                  std::to_string(headers.front().width) + "x" +
                  std::to_string(headers.front().height) + " (" + names.front() + ")");
  }
  checkClipBytes(path, static_cast<long long>(names.size()), headers.front().width,
                 headers.front().height, limits);
  Clip clip(static_cast<int>(names.size()), headers.front().height, headers.front().width);
  for (std::size_t i = 0; i < names.size(); ++i)
    decodeImageInto((fs::path(path) / names[i]).string(), headers[i],
                    clip.frame(static_cast<int>(i)));
  fs::path folder = fs::path(path);
  if (folder.filename().empty()) folder = folder.parent_path();
  clip.source = folder.filename().string() + "/ (" + std::to_string(names.size()) + " " +
                formatName(headers.front().format) + " frames)";
  return clip;
}

std::string fourccText(double value) {
  const auto code = static_cast<unsigned>(static_cast<long long>(value));
  std::string text;
  for (int i = 0; i < 4; ++i) {
    const char c = static_cast<char>((code >> (8 * i)) & 0xFF);
    if (std::isprint(static_cast<unsigned char>(c)) && c != ' ') text += c;
  }
  return text;
}

Clip readVideo(const std::string& path, const ReadLimits& limits) {
  cv::VideoCapture capture;
  try {
    capture.open(path, cv::CAP_FFMPEG);
  } catch (const cv::Exception& e) {
    throw Error(path + ": cannot open the video (" + e.err + ")");
  }
  if (!capture.isOpened())
    throw Error(path +
                ": cannot be decoded as a video (not a video, an unsupported codec, or a "
                "truncated or corrupt file)");
  const long long width = std::llround(capture.get(cv::CAP_PROP_FRAME_WIDTH));
  const long long height = std::llround(capture.get(cv::CAP_PROP_FRAME_HEIGHT));
  const double listed = capture.get(cv::CAP_PROP_FRAME_COUNT);
  const long long listedFrames = std::isfinite(listed) && listed > 0 ? std::llround(listed) : 0;
  checkFrameSize(path, width, height, limits);
  long long expected = listedFrames;
  if (limits.maxFrames > 0 && (expected == 0 || expected > limits.maxFrames))
    expected = limits.maxFrames;
  if (expected > 0) checkClipBytes(path, expected, width, height, limits);

  Clip clip;
  clip.width = static_cast<int>(width);
  clip.height = static_cast<int>(height);
  if (expected > 0) clip.pixels.reserve(static_cast<std::size_t>(expected * width * height));
  cv::Mat frame, grey;
  try {
    while (limits.maxFrames == 0 || clip.frameCount < limits.maxFrames) {
      if (!capture.read(frame) || frame.empty()) break;
      if (frame.cols != width || frame.rows != height)
        throw Error(path + ": frame " + std::to_string(clip.frameCount) + " is " +
                    std::to_string(frame.cols) + "x" + std::to_string(frame.rows) +
                    ", not the stream's " + std::to_string(width) + "x" + std::to_string(height));
      checkClipBytes(path, clip.frameCount + 1, width, height, limits);
      if (frame.depth() != CV_8U) {
        frame.convertTo(grey, CV_8U, frame.depth() == CV_16U ? 1.0 / 256.0 : 1.0);
        frame = grey.clone();
      }
      if (frame.channels() == 3)
        cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);  // BT.601 luma
      else if (frame.channels() == 4)
        cv::cvtColor(frame, grey, cv::COLOR_BGRA2GRAY);
      else
        grey = frame;
      for (int y = 0; y < grey.rows; ++y)
        clip.pixels.insert(clip.pixels.end(), grey.ptr<std::uint8_t>(y),
                           grey.ptr<std::uint8_t>(y) + grey.cols);
      ++clip.frameCount;
    }
  } catch (const cv::Exception& e) {
    throw Error(path + ": cannot decode frame " + std::to_string(clip.frameCount) + " (" + e.err +
                ")");
  }
  if (clip.frameCount == 0)
    throw Error(path + ": contains no decodable frames" +
                (listedFrames > 0
                     ? " although the container lists " + std::to_string(listedFrames) +
                           " (the file is truncated or corrupt)"
                     : std::string()));
  // The container's frame count is exact for AVI and MP4; one frame of slack allows for muxers
  // that estimate it from the duration.
  const bool stoppedByLimit = limits.maxFrames > 0 && clip.frameCount >= limits.maxFrames;
  if (!stoppedByLimit && listedFrames > 0 && clip.frameCount < listedFrames - 1)
    throw Error(path + ": only " + std::to_string(clip.frameCount) + " of the " +
                std::to_string(listedFrames) +
                " frames the container lists could be decoded; the file is truncated or corrupt");

  const double fps = capture.get(cv::CAP_PROP_FPS);
  clip.fps = std::isfinite(fps) && fps > 0.0 && fps < 10000.0 ? fps : 0.0;
  const std::string codec = fourccText(capture.get(cv::CAP_PROP_FOURCC));
  std::string container = fs::path(path).extension().string();
  if (!container.empty()) container = container.substr(1);
  std::transform(container.begin(), container.end(), container.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  clip.source = fs::path(path).filename().string() + " (" + container +
                (codec.empty() ? std::string() : ", " + codec) + ")";
  return clip;
}

bool isVideoExtension(const std::string& extension) {
  static const std::array<const char*, 8> kVideo = {".avi", ".mp4",  ".m4v", ".mov",
                                                    ".mkv", ".webm", ".mpg", ".mpeg"};
  return std::any_of(kVideo.begin(), kVideo.end(),
                     [&](const char* known) { return extension == known; });
}

}  // namespace

Clip readClip(const std::string& path, const ReadLimits& limits) {
  if (limits.maxFrames < 0 || limits.maxSide <= 0 || limits.maxBytes == 0)
    throw Error("readClip: invalid ReadLimits (maxFrames " + std::to_string(limits.maxFrames) +
                ", maxSide " + std::to_string(limits.maxSide) + ", maxBytes " +
                std::to_string(limits.maxBytes) + ")");
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw Error(path + ": no such file or folder");
  if (fs::is_directory(status)) return readFrameFolder(path, limits);
  if (!fs::is_regular_file(status)) throw Error(path + ": not a regular file");
  if (fs::file_size(path, ec) == 0) throw Error(path + ": the file is empty");
  {
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw Error(path + ": cannot open the file for reading");
  }

  const std::string extension = extensionOf(path);
  const std::vector<unsigned char> head = readHead(path, 16);
  if (isDicomFile(path) || extension == ".dcm" || extension == ".dicom")
    return readDicomClip(path, limits);
  if (isGif(head)) return gif::readGif(path, limits);
  if (isPng(head) || isJpeg(head)) return readImage(path, limits);

  if (extension == ".gif") throw Error(path + ": has a .gif extension but is not a GIF file");
  if (extension == ".png") throw Error(path + ": has a .png extension but is not a PNG image");
  if (extension == ".jpg" || extension == ".jpeg")
    throw Error(path + ": has a " + extension + " extension but is not a JPEG image");
  if (isVideoExtension(extension)) {
    try {
      return readVideo(path, limits);
    } catch (const cv::Exception& e) {
      throw Error(path + ": cannot read the video (" + e.err + ")");
    }
  }
  throw Error(path + ": unsupported file type" +
              (extension.empty() ? std::string(" (no extension)") : " '" + extension + "'") +
              "; supported: AVI, MP4, MOV, M4V, MKV, WebM, MPEG, GIF, PNG, JPEG, DICOM, or a "
              "folder of PNG/JPEG frames");
}

}  // namespace latentecho

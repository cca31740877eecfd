#include "gif.h"

#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <vector>

#include "latentecho/core/error.h"

namespace latentecho::gif {
namespace {

// Closes the decoder on every path out of readGif.
struct DecoderCloser {
  GifFileType* gif;
  ~DecoderCloser() {
    int error = 0;
    if (gif) DGifCloseFile(gif, &error);
  }
};

struct EncoderCloser {
  GifFileType* gif;
  ~EncoderCloser() {
    int error = 0;
    if (gif) EGifCloseFile(gif, &error);
  }
};

std::uint8_t luma(const GifColorType& c) {
  return static_cast<std::uint8_t>(std::lround(0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue));
}

std::string describe(int errorCode) {
  const char* text = GifErrorString(errorCode);
  return text ? text : "giflib error " + std::to_string(errorCode);
}

std::string fileName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace

Clip readGif(const std::string& path, const ReadLimits& limits) {
  int error = 0;
  GifFileType* opened = DGifOpenFileName(path.c_str(), &error);
  if (!opened) throw Error(path + ": not a readable GIF (" + describe(error) + ")");
  DecoderCloser closer{opened};
  GifFileType* gif = opened;
  const auto fail = [&](const std::string& what) {
    return Error(path + ": " + what + " (" + describe(gif->Error) + ")");
  };

  const int width = gif->SWidth;
  const int height = gif->SHeight;
  if (width <= 0 || height <= 0)
    throw Error(path + ": GIF screen size " + std::to_string(width) + "x" + std::to_string(height) +
                " is empty");
  if (width > limits.maxSide || height > limits.maxSide)
    throw Error(path + ": frame size " + std::to_string(width) + "x" + std::to_string(height) +
                " exceeds the limit of " + std::to_string(limits.maxSide) + " pixels per side");
  const std::size_t frameBytes = static_cast<std::size_t>(width) * height;

  Clip clip;
  clip.width = width;
  clip.height = height;
  std::vector<std::uint8_t> canvas(frameBytes, 0);
  std::vector<std::uint8_t> saved;
  std::vector<GifPixelType> line;
  std::vector<int> delays;
  GraphicsControlBlock control{DISPOSAL_UNSPECIFIED, false, 0, NO_TRANSPARENT_COLOR};
  bool finished = false;

  while (!finished) {
    GifRecordType record = UNDEFINED_RECORD_TYPE;
    if (DGifGetRecordType(gif, &record) == GIF_ERROR)
      throw fail("truncated or corrupt GIF after " + std::to_string(clip.frameCount) + " frames");
    switch (record) {
      case IMAGE_DESC_RECORD_TYPE: {
        if (DGifGetImageDesc(gif) == GIF_ERROR)
          throw fail("corrupt image descriptor in frame " + std::to_string(clip.frameCount));
        if (limits.maxFrames > 0 && clip.frameCount >= limits.maxFrames) {
          finished = true;
          break;
        }
        if ((static_cast<std::size_t>(clip.frameCount) + 1) * frameBytes > limits.maxBytes)
          throw Error(path + ": more than " + std::to_string(clip.frameCount) + " frames of " +
                      std::to_string(width) + "x" + std::to_string(height) +
                      " exceed the limit of " + std::to_string(limits.maxBytes) + " bytes");
        const GifImageDesc desc = gif->Image;
        const ColorMapObject* map = desc.ColorMap ? desc.ColorMap : gif->SColorMap;
        if (!map)
          throw Error(path + ": frame " + std::to_string(clip.frameCount) + " has no colour table");
        if (desc.Width <= 0 || desc.Height <= 0)
          throw Error(path + ": frame " + std::to_string(clip.frameCount) + " is empty");
        std::array<std::uint8_t, 256> grey{};
        for (int i = 0; i < std::min(map->ColorCount, 256); ++i) grey[i] = luma(map->Colors[i]);

        if (control.DisposalMode == DISPOSE_PREVIOUS) saved = canvas;
        line.resize(desc.Width);
        // Interlaced images store rows in four passes: 0,8,16.. then 4,12.. then 2,6.. then 1,3..
        static const int kPassStart[] = {0, 4, 2, 1};
        static const int kPassStep[] = {8, 8, 4, 2};
        const int passes = desc.Interlace ? 4 : 1;
        for (int pass = 0; pass < passes; ++pass) {
          const int start = desc.Interlace ? kPassStart[pass] : 0;
          const int step = desc.Interlace ? kPassStep[pass] : 1;
          for (int row = start; row < desc.Height; row += step) {
            if (DGifGetLine(gif, line.data(), desc.Width) == GIF_ERROR)
              throw fail("truncated or corrupt GIF in frame " + std::to_string(clip.frameCount));
            const int y = desc.Top + row;
            if (y < 0 || y >= height) continue;
            std::uint8_t* out = canvas.data() + static_cast<std::size_t>(y) * width;
            for (int i = 0; i < desc.Width; ++i) {
              const int x = desc.Left + i;
              if (x < 0 || x >= width) continue;
              if (line[i] == control.TransparentColor) continue;
              out[x] = grey[line[i]];
            }
          }
        }
        clip.pixels.insert(clip.pixels.end(), canvas.begin(), canvas.end());
        ++clip.frameCount;
        delays.push_back(control.DelayTime);

        // Disposal says what the next frame is drawn over.
        if (control.DisposalMode == DISPOSE_BACKGROUND) {
          for (int row = std::max(0, desc.Top); row < std::min(height, desc.Top + desc.Height);
               ++row)
            for (int x = std::max(0, desc.Left); x < std::min(width, desc.Left + desc.Width); ++x)
              canvas[static_cast<std::size_t>(row) * width + x] = 0;
        } else if (control.DisposalMode == DISPOSE_PREVIOUS) {
          canvas = saved;
        }
        control = GraphicsControlBlock{DISPOSAL_UNSPECIFIED, false, 0, NO_TRANSPARENT_COLOR};
        break;
      }
      case EXTENSION_RECORD_TYPE: {
        int code = 0;
        GifByteType* block = nullptr;
        if (DGifGetExtension(gif, &code, &block) == GIF_ERROR)
          throw fail("truncated or corrupt GIF extension");
        if (code == GRAPHICS_EXT_FUNC_CODE && block) {
          if (DGifExtensionToGCB(block[0], block + 1, &control) == GIF_ERROR)
            throw fail("corrupt graphics control block");
        }
        while (block) {
          if (DGifGetExtensionNext(gif, &block) == GIF_ERROR)
            throw fail("truncated or corrupt GIF extension");
        }
        break;
      }
      case TERMINATE_RECORD_TYPE:
        finished = true;
        break;
      default:
        throw Error(path + ": corrupt GIF (unknown record type)");
    }
  }
  if (clip.frameCount == 0) throw Error(path + ": the GIF contains no frames");

  long totalDelay = 0;
  for (int d : delays) totalDelay += d;
  clip.fps = totalDelay > 0 ? 100.0 * clip.frameCount / static_cast<double>(totalDelay) : 0.0;
  clip.source = fileName(path) + " (GIF, " + std::to_string(clip.frameCount) + " frames)";
  return clip;
}

void writeGif(const Clip& clip, const std::string& path, const std::string& destination,
              const Progress& progress) {
  if (clip.width > 65535 || clip.height > 65535)
    throw Error(destination + ": GIF frames are at most 65535 pixels per side; the clip is " +
                std::to_string(clip.width) + "x" + std::to_string(clip.height));
  int error = 0;
  GifFileType* opened = EGifOpenFileName(path.c_str(), false, &error);
  if (!opened) throw Error(destination + ": cannot write GIF (" + describe(error) + ")");
  EncoderCloser closer{opened};
  GifFileType* gif = opened;
  const auto check = [&](int status, const char* what) {
    if (status == GIF_ERROR)
      throw Error(destination + ": GIF write failed while writing " + what + " (" +
                  describe(gif->Error) + ")");
  };

  EGifSetGifVersion(gif, true);
  ColorMapObject* palette = GifMakeMapObject(256, nullptr);
  if (!palette) throw Error(destination + ": out of memory for the GIF palette");
  for (int i = 0; i < 256; ++i) {
    const auto v = static_cast<GifByteType>(i);
    palette->Colors[i] = GifColorType{v, v, v};
  }
  // giflib copies the screen colour map, so ours is freed right away.
  const int screen = EGifPutScreenDesc(gif, clip.width, clip.height, 8, 0, palette);
  GifFreeMapObject(palette);
  check(screen, "the screen descriptor");

  // NETSCAPE2.0 application extension: loop forever, as players of echo loops expect.
  check(EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE), "the loop extension");
  check(EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0"), "the loop extension");
  const unsigned char loop[3] = {1, 0, 0};
  check(EGifPutExtensionBlock(gif, 3, loop), "the loop extension");
  check(EGifPutExtensionTrailer(gif), "the loop extension");

  const double fps = clip.fps > 0.0 ? clip.fps : 30.0;
  const std::string stage = "writing " + std::filesystem::path(destination).filename().string();
  std::vector<GifPixelType> row(clip.width);
  for (int t = 0; t < clip.frameCount; ++t) {
    progress.report(static_cast<double>(t) / clip.frameCount, stage);
    const long end = std::lround(100.0 * (t + 1) / fps);
    const long begin = std::lround(100.0 * t / fps);
    GraphicsControlBlock control{DISPOSAL_UNSPECIFIED, false,
                                 static_cast<int>(std::clamp(end - begin, 1L, 65535L)),
                                 NO_TRANSPARENT_COLOR};
    GifByteType extension[4];
    const size_t length = EGifGCBToExtension(&control, extension);
    check(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(length), extension),
          "a frame delay");
    check(EGifPutImageDesc(gif, 0, 0, clip.width, clip.height, false, nullptr),
          "an image descriptor");
    for (int y = 0; y < clip.height; ++y) {
      const std::uint8_t* source = clip.frame(t) + static_cast<std::size_t>(y) * clip.width;
      std::copy(source, source + clip.width, row.begin());
      check(EGifPutLine(gif, row.data(), clip.width), "pixels");
    }
  }
  closer.gif = nullptr;
  if (EGifCloseFile(gif, &error) == GIF_ERROR)
    throw Error(destination + ": GIF write failed when closing the file (" + describe(error) + ")");
}

}  // namespace latentecho::gif

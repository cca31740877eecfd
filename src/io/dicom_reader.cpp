#include "latentecho/io/dicom_reader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <dcmtk/config/osconfig.h>  // must come first among DCMTK headers

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmimage/diregist.h>  // registers the colour image support (RGB, YBR, palette)
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmimgle/dipixel.h>
#include <dcmtk/dcmjpeg/djdecode.h>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

// Decoded pixels (DCMTK's intermediate representation) held at once: the clip is decoded in
// chunks of frames so that a long 16-bit colour clip does not need several copies of itself.
constexpr std::size_t kChunkBytes = std::size_t{64} << 20;

// Physical Units X/Y Direction (0018,6024/6026) code for centimetres, and Region Spatial Format
// (0018,6012) code for a 2D tissue region (as opposed to M-mode or Doppler strips).
constexpr Uint16 kUnitsCentimetre = 3;
constexpr Uint16 kSpatialFormat2D = 1;

std::string quoted(const std::string& path) { return "'" + path + "'"; }

// DCMTK's codec registry is process-wide and its registerCodecs() is not itself synchronised, so
// registration happens once, here, with the default options (JPEG YCbCr is converted to RGB as the
// Photometric Interpretation says). Codecs stay registered for the life of the process.
void registerDecoders() {
  static std::once_flag once;
  std::call_once(once, [] {
    DJDecoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
  });
}

bool isSupportedTransferSyntax(E_TransferSyntax xfer) {
  switch (xfer) {
    case EXS_LittleEndianImplicit:
    case EXS_LittleEndianExplicit:
    case EXS_BigEndianExplicit:
    case EXS_JPEGProcess1:
    case EXS_RLELossless:
      return true;
    default:
      return false;
  }
}

std::string transferSyntaxName(E_TransferSyntax xfer) {
  const DcmXfer info(xfer);
  return info.getXferName();
}

[[noreturn]] void throwUnsupportedTransferSyntax(const std::string& path, const std::string& uid) {
  const DcmXfer info(uid.c_str());
  const std::string name = info.getXfer() == EXS_Unknown ? "unknown to DCMTK" : info.getXferName();
  throw Error("unsupported DICOM transfer syntax " + uid + " (" + name + ") in " + quoted(path) +
              "; LatentEcho reads uncompressed (implicit/explicit little endian, explicit big "
              "endian), JPEG baseline (1.2.840.10008.1.2.4.50) and RLE lossless "
              "(1.2.840.10008.1.2.5) DICOM: convert the file to an uncompressed transfer syntax, "
              "e.g. with GDCM's gdcmconv --raw (or DCMTK's dcmdjpls for JPEG-LS)");
}

bool isSupportedPhotometric(const std::string& photometric) {
  static const std::array<const char*, 6> supported = {
      "MONOCHROME1", "MONOCHROME2", "RGB", "YBR_FULL", "YBR_FULL_422", "PALETTE COLOR"};
  return std::find(supported.begin(), supported.end(), photometric) != supported.end();
}

// Samples stored per pixel in native (uncompressed) pixel data: YBR_FULL_422 keeps one Cb and one
// Cr for every two pixels, so two samples per pixel on average.
double storedSamplesPerPixel(const std::string& photometric, Uint16 samplesPerPixel) {
  return photometric == "YBR_FULL_422" ? 2.0 : static_cast<double>(samplesPerPixel);
}

std::optional<double> positiveFloat64(DcmItem& item, const DcmTagKey& tag,
                                      unsigned long index = 0) {
  Float64 value = 0.0;
  if (item.findAndGetFloat64(tag, value, index).good() && std::isfinite(value) && value > 0.0) {
    return value;
  }
  return std::nullopt;
}

std::optional<double> positiveInteger(DcmItem& item, const DcmTagKey& tag) {
  Sint32 value = 0;
  if (item.findAndGetSint32(tag, value).good() && value > 0) return static_cast<double>(value);
  return std::nullopt;
}

// Frame Time (ms) wins; then the Frame Time Vector, whose first entry is the (zero) time before
// the first frame, so the mean of the others is the frame period; then Cine Rate and the
// Recommended Display Frame Rate, which are already in frames per second.
double readFramesPerSecond(DcmDataset& dataset) {
  if (const auto frameTimeMs = positiveFloat64(dataset, DCM_FrameTime))
    return 1000.0 / *frameTimeMs;

  DcmElement* vector = nullptr;
  if (dataset.findAndGetElement(DCM_FrameTimeVector, vector).good() && vector != nullptr) {
    const unsigned long count = vector->getVM();
    double sum = 0.0;
    unsigned long used = 0;
    for (unsigned long i = 1; i < count; ++i) {
      Float64 value = 0.0;
      if (vector->getFloat64(value, i).good() && std::isfinite(value)) {
        sum += value;
        ++used;
      }
    }
    if (used > 0 && sum > 0.0) return 1000.0 * static_cast<double>(used) / sum;
  }

  if (const auto cineRate = positiveInteger(dataset, DCM_CineRate)) return *cineRate;
  if (const auto displayRate = positiveInteger(dataset, DCM_RecommendedDisplayFrameRate)) {
    return *displayRate;
  }
  return 0.0;
}

std::optional<PixelSpacing> readRegionSpacing(DcmItem& region) {
  Uint16 unitsX = 0;
  Uint16 unitsY = 0;
  if (region.findAndGetUint16(DCM_PhysicalUnitsXDirection, unitsX).bad() ||
      region.findAndGetUint16(DCM_PhysicalUnitsYDirection, unitsY).bad() ||
      unitsX != kUnitsCentimetre || unitsY != kUnitsCentimetre) {
    return std::nullopt;
  }
  Float64 deltaX = 0.0;
  Float64 deltaY = 0.0;
  if (region.findAndGetFloat64(DCM_PhysicalDeltaX, deltaX).bad() ||
      region.findAndGetFloat64(DCM_PhysicalDeltaY, deltaY).bad()) {
    return std::nullopt;
  }
  // Deltas may be signed (the axis direction); spacing is a distance.
  deltaX = std::fabs(deltaX);
  deltaY = std::fabs(deltaY);
  if (!std::isfinite(deltaX) || !std::isfinite(deltaY) || deltaX <= 0.0 || deltaY <= 0.0) {
    return std::nullopt;
  }
  PixelSpacing spacing;
  spacing.rowMm = deltaY * 10.0;
  spacing.columnMm = deltaX * 10.0;
  return spacing;
}

// Pixel Spacing (row\column, mm) when present; otherwise the calibration of the ultrasound
// regions, preferring a 2D tissue region over M-mode/Doppler strips whose axes are not both
// lengths.
std::optional<PixelSpacing> readPixelSpacing(DcmDataset& dataset) {
  const auto row = positiveFloat64(dataset, DCM_PixelSpacing, 0);
  const auto column = positiveFloat64(dataset, DCM_PixelSpacing, 1);
  if (row && column) return PixelSpacing{*row, *column};

  DcmSequenceOfItems* regions = nullptr;
  if (dataset.findAndGetSequence(DCM_SequenceOfUltrasoundRegions, regions).bad() ||
      regions == nullptr) {
    return std::nullopt;
  }
  std::optional<PixelSpacing> anyRegion;
  for (unsigned long i = 0; i < regions->card(); ++i) {
    DcmItem* region = regions->getItem(i);
    if (region == nullptr) continue;
    const auto spacing = readRegionSpacing(*region);
    if (!spacing) continue;
    Uint16 format = 0;
    if (region->findAndGetUint16(DCM_RegionSpatialFormat, format).good() &&
        format == kSpatialFormat2D) {
      return spacing;
    }
    if (!anyRegion) anyRegion = spacing;
  }
  return anyRegion;
}

// ITU-R BT.601 luma in the same 14-bit fixed point as OpenCV's RGB→GRAY, so that a colour DICOM
// and the same frames in a video file give identical grayscale.
std::uint8_t luma(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  return static_cast<std::uint8_t>((4899u * r + 9617u * g + 1868u * b + 8192u) >> 14);
}

// Native pixel data needs a non-empty value; encapsulated pixel data a fragment after the basic
// offset table.
bool hasPixelData(DcmDataset& dataset, E_TransferSyntax xfer) {
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr) return false;
  if (!DcmXfer(xfer).isEncapsulated()) return element->getLength() > 0;
  auto* pixelData = dynamic_cast<DcmPixelData*>(element);
  DcmPixelSequence* fragments = nullptr;
  return pixelData != nullptr &&
         pixelData->getEncapsulatedRepresentation(xfer, nullptr, fragments).good() &&
         fragments != nullptr && fragments->card() > 1;
}

struct ImageLayout {
  int rows = 0;
  int columns = 0;
  long frames = 0;
  Uint16 samplesPerPixel = 1;
  Uint16 bitsAllocated = 0;
  Uint16 bitsStored = 0;
  std::string photometric;
  bool monochrome = false;
};

ImageLayout readLayout(DcmDataset& dataset, const std::string& path) {
  ImageLayout layout;
  Uint16 rows = 0;
  Uint16 columns = 0;
  if (dataset.findAndGetUint16(DCM_Rows, rows).bad() ||
      dataset.findAndGetUint16(DCM_Columns, columns).bad() || rows == 0 || columns == 0) {
    throw Error("DICOM file " + quoted(path) +
                " has no image size (Rows (0028,0010) and Columns (0028,0011) must be non-zero)");
  }
  layout.rows = rows;
  layout.columns = columns;

  Sint32 frames = 1;  // Number of Frames is absent in single-frame objects
  if (dataset.tagExistsWithValue(DCM_NumberOfFrames) &&
      dataset.findAndGetSint32(DCM_NumberOfFrames, frames).bad()) {
    throw Error("DICOM file " + quoted(path) + " has an unreadable Number of Frames (0028,0008)");
  }
  if (frames <= 0) {
    throw Error("DICOM file " + quoted(path) +
                " has zero frames (Number of Frames (0028,0008) = " + std::to_string(frames) + ")");
  }
  layout.frames = frames;

  if (dataset.findAndGetUint16(DCM_SamplesPerPixel, layout.samplesPerPixel).bad()) {
    layout.samplesPerPixel = 1;
  }
  if (dataset.findAndGetUint16(DCM_BitsAllocated, layout.bitsAllocated).bad()) {
    throw Error("DICOM file " + quoted(path) + " has no Bits Allocated (0028,0100)");
  }
  if (layout.bitsAllocated != 8 && layout.bitsAllocated != 16) {
    throw Error("DICOM file " + quoted(path) + " has " + std::to_string(layout.bitsAllocated) +
                " bits allocated per sample; LatentEcho reads 8- and 16-bit images");
  }
  if (dataset.findAndGetUint16(DCM_BitsStored, layout.bitsStored).bad()) {
    layout.bitsStored = layout.bitsAllocated;
  }

  OFString photometric;
  if (dataset.findAndGetOFString(DCM_PhotometricInterpretation, photometric).bad()) {
    throw Error("DICOM file " + quoted(path) + " has no Photometric Interpretation (0028,0004)");
  }
  layout.photometric = photometric.c_str();
  if (!isSupportedPhotometric(layout.photometric)) {
    throw Error("DICOM file " + quoted(path) + " has Photometric Interpretation '" +
                layout.photometric +
                "', which LatentEcho does not read (MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, "
                "YBR_FULL_422 and PALETTE COLOR are supported)");
  }
  layout.monochrome = layout.photometric == "MONOCHROME1" || layout.photometric == "MONOCHROME2";
  const Uint16 expectedSamples =
      (layout.monochrome || layout.photometric == "PALETTE COLOR") ? 1 : 3;
  if (layout.samplesPerPixel != expectedSamples) {
    throw Error("DICOM file " + quoted(path) + " has " + std::to_string(layout.samplesPerPixel) +
                " samples per pixel, but " + layout.photometric + " needs " +
                std::to_string(expectedSamples));
  }
  return layout;
}

// Native pixel data must hold every frame the header announces; a shorter value (or a file cut
// short, which DCMTK notices when it fetches the value) means a damaged file, refused as a whole
// rather than returned with some frames silently missing.
void checkNativePixelDataLength(DcmDataset& dataset, const ImageLayout& layout,
                                const std::string& path) {
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr) return;
  const double expected = static_cast<double>(layout.frames) * layout.rows * layout.columns *
                          storedSamplesPerPixel(layout.photometric, layout.samplesPerPixel) *
                          (layout.bitsAllocated / 8);
  const double declared = element->getLength();
  if (declared < expected) {
    throw Error("DICOM file " + quoted(path) + " has truncated pixel data: " +
                std::to_string(static_cast<unsigned long long>(declared)) + " bytes for " +
                std::to_string(layout.frames) + " frames of " + std::to_string(layout.columns) +
                "x" + std::to_string(layout.rows) + " that need " +
                std::to_string(static_cast<unsigned long long>(expected)));
  }
}

void checkLimits(const ImageLayout& layout, long framesToRead, const ReadLimits& limits,
                 const std::string& path) {
  if (std::max(layout.rows, layout.columns) > limits.maxSide) {
    throw Error("DICOM file " + quoted(path) + " is " + std::to_string(layout.columns) + "x" +
                std::to_string(layout.rows) + " pixels, larger than the limit of " +
                std::to_string(limits.maxSide) + " pixels per side");
  }
  const double bytes = static_cast<double>(framesToRead) * layout.rows * layout.columns;
  if (bytes > static_cast<double>(limits.maxBytes)) {
    throw Error("DICOM file " + quoted(path) + " would need " +
                std::to_string(static_cast<unsigned long long>(bytes)) + " bytes for " +
                std::to_string(framesToRead) + " frames, more than the limit of " +
                std::to_string(limits.maxBytes) + " bytes; read fewer frames");
  }
  if (framesToRead > std::numeric_limits<int>::max()) {
    throw Error("DICOM file " + quoted(path) + " has too many frames to read at once");
  }
}

// Decodes [0, framesToRead) in chunks, each through its own DicomImage: DCMTK's per-image
// statistics (min/max) describe the frames that image was created for, and partial access decodes
// only those frames (reading a lazily loaded native value frame by frame from disk). Embedded
// overlays are never touched: they would force the whole value to load.
class FrameDecoder {
 public:
  FrameDecoder(DcmDataset& dataset, E_TransferSyntax xfer, const ImageLayout& layout,
               long framesToRead, const std::string& path)
      : dataset_(dataset), xfer_(xfer), framesToRead_(framesToRead), path_(path) {
    const double decodedBytesPerFrame = static_cast<double>(layout.rows) * layout.columns *
                                        std::max<Uint16>(layout.samplesPerPixel, 3) *
                                        (layout.bitsAllocated / 8) * 2.0;
    chunkFrames_ =
        std::clamp<long>(static_cast<long>(kChunkBytes / decodedBytesPerFrame), 1, framesToRead);
  }

  bool singleChunk() const { return chunkFrames_ >= framesToRead_; }

  // Calls visit(image, firstFrame, frameCount) for consecutive chunks covering the clip.
  template <typename Visit>
  void forEachChunk(Visit visit) {
    const unsigned long flags = CIF_UsePartialAccessToPixelData | CIF_NeverAccessEmbeddedOverlays;
    for (long first = 0; first < framesToRead_; first += chunkFrames_) {
      const long count = std::min(chunkFrames_, framesToRead_ - first);
      DicomImage image(&dataset_, xfer_, flags, static_cast<unsigned long>(first),
                       static_cast<unsigned long>(count));
      const EI_Status status = image.getStatus();
      if (status != EIS_Normal) {
        throw Error("could not decode DICOM file " + quoted(path_) + " from frame " +
                    std::to_string(first + 1) + ": " + DicomImage::getString(status) +
                    " (the pixel data is damaged, truncated or inconsistent with the header)");
      }
      if (static_cast<long>(image.getFrameCount()) != count) {
        throw Error("could not decode frames " + std::to_string(first + 1) + " to " +
                    std::to_string(first + count) + " of DICOM file " + quoted(path_) +
                    " (the pixel data is damaged or truncated)");
      }
      visit(image, first, count);
    }
  }

 private:
  DcmDataset& dataset_;
  E_TransferSyntax xfer_;
  long framesToRead_;
  const std::string& path_;
  long chunkFrames_ = 1;
};

// Monochrome values (after the modality transform) onto 0..255: out = (value - low) * scale,
// clamped and rounded, then inverted for MONOCHROME1 (whose low values are white). Done here
// rather than by DicomImage's renderer, whose MONOCHROME1 inversion is off by one for half the
// range (128 stays 128, 255 becomes 1).
struct GrayMapping {
  double low = 0.0;
  double scale = 1.0;
  bool invert = false;

  std::uint8_t operator()(double value) const {
    const double mapped = std::clamp((value - low) * scale, 0.0, 255.0);
    const auto gray = static_cast<std::uint8_t>(std::lround(mapped));
    return invert ? static_cast<std::uint8_t>(255 - gray) : gray;
  }
};

template <typename Sample>
void mapSamples(const void* data, std::size_t count, const GrayMapping& mapping,
                std::uint8_t* out) {
  const Sample* samples = static_cast<const Sample*>(data);
  if constexpr (sizeof(Sample) <= 2) {
    // A table over every possible sample value: cheaper than rounding each of the clip's pixels.
    constexpr long lowest = std::numeric_limits<Sample>::min();
    constexpr long highest = std::numeric_limits<Sample>::max();
    std::vector<std::uint8_t> table(static_cast<std::size_t>(highest - lowest + 1));
    for (long value = lowest; value <= highest; ++value) {
      table[static_cast<std::size_t>(value - lowest)] = mapping(static_cast<double>(value));
    }
    for (std::size_t i = 0; i < count; ++i) {
      out[i] = table[static_cast<std::size_t>(static_cast<long>(samples[i]) - lowest)];
    }
  } else {
    for (std::size_t i = 0; i < count; ++i) out[i] = mapping(static_cast<double>(samples[i]));
  }
}

// Writes the `frames` frames of a monochrome DicomImage, which lie one after another both in
// DCMTK's intermediate data and in the clip.
void mapMonochromeFrames(const DicomImage& image, std::size_t frames, std::size_t frameSize,
                         const GrayMapping& mapping, std::uint8_t* out, const std::string& path) {
  const DiPixel* inter = image.getInterData();
  const std::size_t count = frames * frameSize;
  if (inter == nullptr || inter->getData() == nullptr || inter->getCount() < count) {
    throw Error("could not decode the frames of DICOM file " + quoted(path) +
                " (the pixel data is damaged or truncated)");
  }
  switch (inter->getRepresentation()) {
    case EPR_Uint8:
      return mapSamples<Uint8>(inter->getData(), count, mapping, out);
    case EPR_Sint8:
      return mapSamples<Sint8>(inter->getData(), count, mapping, out);
    case EPR_Uint16:
      return mapSamples<Uint16>(inter->getData(), count, mapping, out);
    case EPR_Sint16:
      return mapSamples<Sint16>(inter->getData(), count, mapping, out);
    case EPR_Uint32:
      return mapSamples<Uint32>(inter->getData(), count, mapping, out);
    case EPR_Sint32:
      return mapSamples<Sint32>(inter->getData(), count, mapping, out);
  }
  throw Error("DICOM file " + quoted(path) + " decoded to an unknown sample type");
}

// The file's first VOI window (Window Center/Width), as DICOM's linear function: the window's
// lower edge maps to 0 and its upper edge to 255.
std::optional<GrayMapping> fileWindow(DcmDataset& dataset) {
  Float64 center = 0.0;
  Float64 width = 0.0;
  if (dataset.findAndGetFloat64(DCM_WindowCenter, center, 0).bad() ||
      dataset.findAndGetFloat64(DCM_WindowWidth, width, 0).bad() || !std::isfinite(center) ||
      !std::isfinite(width) || width < 1.0) {
    return std::nullopt;
  }
  GrayMapping mapping;
  if (width == 1.0) {  // a threshold: below or at c - 0.5 is black, above white
    mapping.low = center - 0.5;
    mapping.scale = 1e9;
  } else {
    mapping.low = center - 0.5 - (width - 1.0) / 2.0;
    mapping.scale = 255.0 / (width - 1.0);
  }
  return mapping;
}

GrayMapping rangeMapping(double low, double high) {
  GrayMapping mapping;
  mapping.low = low;
  mapping.scale = high > low ? 255.0 / (high - low) : 0.0;
  return mapping;
}

}  // namespace

bool isDicomFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  char header[132];
  if (!in.read(header, sizeof header)) return false;
  return header[128] == 'D' && header[129] == 'I' && header[130] == 'C' && header[131] == 'M';
}

Clip readDicomClip(const std::string& path, const ReadLimits& limits) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error("cannot open DICOM file " + quoted(path) + ": " +
                (std::filesystem::exists(path, ec) ? "not a regular file" : "no such file"));
  }
  if (!isDicomFile(path)) {
    throw Error(quoted(path) +
                " is not a DICOM file (no 'DICM' marker after the 128-byte preamble)");
  }
  registerDecoders();
  if (!dcmDataDict.isDictionaryLoaded()) {
    throw Error("cannot read DICOM file " + quoted(path) +
                ": DCMTK's data dictionary is not loaded (install DCMTK's dicom.dic or point "
                "the DCMDICTPATH environment variable at it)");
  }

  // Values longer than DCM_MaxReadLength stay on disk until used, so the header can be checked
  // against the limits before any pixel is read.
  DcmFileFormat file;
  const OFCondition loaded =
      file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_fileOnly);

  OFString metaUid;
  if (file.getMetaInfo() != nullptr) {
    file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, metaUid);
  }
  if (!metaUid.empty() && !isSupportedTransferSyntax(DcmXfer(metaUid.c_str()).getXfer())) {
    throwUnsupportedTransferSyntax(path, metaUid.c_str());
  }
  if (loaded.bad()) {
    throw Error("cannot read DICOM file " + quoted(path) + ": " + loaded.text() +
                " (the file is damaged or truncated)");
  }

  DcmDataset& dataset = *file.getDataset();
  const E_TransferSyntax xfer = dataset.getOriginalXfer();
  if (!isSupportedTransferSyntax(xfer)) {
    throwUnsupportedTransferSyntax(path, DcmXfer(xfer).getXferID());
  }

  if (!hasPixelData(dataset, xfer)) {
    throw Error("DICOM file " + quoted(path) +
                " holds no image: it has no Pixel Data (7FE0,0010) (it may be a report, a "
                "presentation state or a DICOMDIR)");
  }

  const ImageLayout layout = readLayout(dataset, path);
  const long framesToRead =
      limits.maxFrames > 0 ? std::min<long>(layout.frames, limits.maxFrames) : layout.frames;
  checkLimits(layout, framesToRead, limits, path);
  if (!DcmXfer(xfer).isEncapsulated()) checkNativePixelDataLength(dataset, layout, path);

  Clip clip(static_cast<int>(framesToRead), layout.rows, layout.columns);
  clip.fps = readFramesPerSecond(dataset);
  clip.spacing = readPixelSpacing(dataset);
  clip.source = std::filesystem::path(path).filename().string() + " (DICOM, " +
                transferSyntaxName(xfer) + ", " + layout.photometric + ")";

  FrameDecoder decoder(dataset, xfer, layout, framesToRead, path);
  const std::size_t frameSize = clip.frameSize();

  // Monochrome stored in at most 8 bits holds display values already (scanners store what they
  // showed): the stored range maps onto 0..255, the identity for 8 bits. Wider data needs a window:
  // the file's first VOI window when it has one, else the clip's min-max range, one window for all
  // frames so that brightness does not flicker from frame to frame.
  std::optional<GrayMapping> mapping;
  if (layout.monochrome) {
    if (layout.bitsStored <= 8) {
      Uint16 pixelRepresentation = 0;
      dataset.findAndGetUint16(DCM_PixelRepresentation, pixelRepresentation);
      const double levels = std::ldexp(1.0, layout.bitsStored);
      mapping = rangeMapping(pixelRepresentation == 1 ? -levels / 2.0 : 0.0,
                             pixelRepresentation == 1 ? levels / 2.0 - 1.0 : levels - 1.0);
    } else {
      mapping = fileWindow(dataset);
    }
  }
  std::optional<std::pair<double, double>> range;
  const auto widenRange = [&range](const DicomImage& image) {
    double low = 0.0;
    double high = 0.0;
    if (!image.getMinMaxValues(low, high, 0)) return;
    range = range ? std::make_pair(std::min(range->first, low), std::max(range->second, high))
                  : std::make_pair(low, high);
  };
  // A clip decoded in one chunk gets its range from that chunk; longer ones take a first pass.
  if (layout.monochrome && !mapping && !decoder.singleChunk()) {
    decoder.forEachChunk([&](DicomImage& image, long, long) { widenRange(image); });
  }

  decoder.forEachChunk([&](DicomImage& image, long first, long count) {
    if (layout.monochrome && !mapping) {
      if (!range) widenRange(image);
      mapping = range ? rangeMapping(range->first, range->second) : rangeMapping(0.0, 0.0);
    }
    if (layout.monochrome) {
      GrayMapping chunkMapping = *mapping;
      chunkMapping.invert = layout.photometric == "MONOCHROME1";
      mapMonochromeFrames(image, static_cast<std::size_t>(count), frameSize, chunkMapping,
                          clip.frame(static_cast<int>(first)), path);
      return;
    }
    for (long f = 0; f < count; ++f) {
      std::uint8_t* out = clip.frame(static_cast<int>(first + f));
      // Colour (RGB, YBR converted to RGB, palette through its LUTs) rendered to 8 bits per
      // channel, interleaved.
      const auto* rendered = static_cast<const std::uint8_t*>(
          image.getOutputData(8, static_cast<unsigned long>(f), 0));
      if (rendered == nullptr || image.isMonochrome()) {
        throw Error("could not render frame " + std::to_string(first + f + 1) + " of DICOM file " +
                    quoted(path) + " as colour: " + DicomImage::getString(image.getStatus()));
      }
      for (std::size_t i = 0; i < frameSize; ++i) {
        out[i] = luma(rendered[3 * i], rendered[3 * i + 1], rendered[3 * i + 2]);
      }
    }
  });
  return clip;
}

}  // namespace latentecho

// DICOM reading: every file is written here by DCMTK itself (uncompressed, JPEG baseline, RLE,
// JPEG-LS) into a per-test temporary folder that is removed, and checked to be gone, afterwards.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dcrlerp.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrobow.h>
#include <dcmtk/dcmdata/dcvrus.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/dcmjpls/djencode.h>
#include <dcmtk/dcmjpls/djrparam.h>

#include "latentecho/core/error.h"
#include "latentecho/io/dicom_reader.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPatientName = "Doe^Jane";
constexpr const char* kPatientId = "PID-4711-SECRET";

// Same fixed-point BT.601 luma the reader promises (and OpenCV's RGB→GRAY uses).
std::uint8_t expectedLuma(int r, int g, int b) {
  return static_cast<std::uint8_t>((4899 * r + 9617 * g + 1868 * b + 8192) >> 14);
}

void registerEncoders() {
  static const bool registered = [] {
    // Defaults (lossy RGB becomes YBR_FULL_422) except pUsePixelValues: left on, DCMTK shifts
    // monochrome samples down to the used range (100 is stored as 60 when the minimum is 40)
    // without recording a rescale, so the file would no longer hold the values written here.
    DJEncoderRegistration::registerCodecs(ECC_lossyYCbCr, EUC_default, OFFalse, 0, 0, 0, OFTrue,
                                          ESS_422, OFTrue, OFFalse, 0, 0, 0.0, 0.0, 0, 0, 0, 0,
                                          /*pUsePixelValues=*/OFFalse);
    DcmRLEEncoderRegistration::registerCodecs();
    DJLSEncoderRegistration::registerCodecs();
    return true;
  }();
  (void)registered;
}

struct ImageSpec {
  int rows = 6;
  int columns = 8;
  int frames = 3;
  std::string photometric = "MONOCHROME2";
  int bitsAllocated = 8;
  int bitsStored = 0;  // 0: same as bitsAllocated
  int planar = 0;
  bool numberOfFramesTag = true;
};

int samplesPerPixel(const std::string& photometric) {
  return (photometric == "MONOCHROME1" || photometric == "MONOCHROME2" ||
          photometric == "PALETTE COLOR")
             ? 1
             : 3;
}

// A US (multi-frame) image object with patient identifiers that must not reach the Clip.
std::unique_ptr<DcmFileFormat> makeImage(const ImageSpec& spec) {
  auto file = std::make_unique<DcmFileFormat>();
  DcmDataset* ds = file->getDataset();
  char uid[100];
  ds->putAndInsertString(DCM_SOPClassUID, spec.frames > 1 ? UID_UltrasoundMultiframeImageStorage
                                                          : UID_UltrasoundImageStorage);
  ds->putAndInsertString(DCM_SOPInstanceUID,
                         dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
  ds->putAndInsertString(DCM_StudyInstanceUID,
                         dcmGenerateUniqueIdentifier(uid, SITE_STUDY_UID_ROOT));
  ds->putAndInsertString(DCM_SeriesInstanceUID,
                         dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT));
  ds->putAndInsertString(DCM_Modality, "US");
  ds->putAndInsertString(DCM_PatientName, kPatientName);
  ds->putAndInsertString(DCM_PatientID, kPatientId);
  const int spp = samplesPerPixel(spec.photometric);
  const int stored = spec.bitsStored > 0 ? spec.bitsStored : spec.bitsAllocated;
  ds->putAndInsertUint16(DCM_SamplesPerPixel, static_cast<Uint16>(spp));
  ds->putAndInsertString(DCM_PhotometricInterpretation, spec.photometric.c_str());
  if (spp == 3) ds->putAndInsertUint16(DCM_PlanarConfiguration, static_cast<Uint16>(spec.planar));
  if (spec.numberOfFramesTag) {
    ds->putAndInsertString(DCM_NumberOfFrames, std::to_string(spec.frames).c_str());
  }
  ds->putAndInsertUint16(DCM_Rows, static_cast<Uint16>(spec.rows));
  ds->putAndInsertUint16(DCM_Columns, static_cast<Uint16>(spec.columns));
  ds->putAndInsertUint16(DCM_BitsAllocated, static_cast<Uint16>(spec.bitsAllocated));
  ds->putAndInsertUint16(DCM_BitsStored, static_cast<Uint16>(stored));
  ds->putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(stored - 1));
  ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
  return file;
}

void putPixels(DcmFileFormat& file, const std::vector<Uint8>& samples) {
  ASSERT_TRUE(file.getDataset()
                  ->putAndInsertUint8Array(DCM_PixelData, samples.data(), samples.size())
                  .good());
}

void putPixels(DcmFileFormat& file, const std::vector<Uint16>& samples) {
  ASSERT_TRUE(file.getDataset()
                  ->putAndInsertUint16Array(DCM_PixelData, samples.data(), samples.size())
                  .good());
}

// Known 8-bit monochrome values that differ in every frame, row and column.
Uint8 monoValue(int t, int y, int x) { return static_cast<Uint8>((t * 50 + y * 7 + x * 3) % 256); }

std::vector<Uint8> monoPixels(const ImageSpec& spec) {
  std::vector<Uint8> pixels;
  for (int t = 0; t < spec.frames; ++t)
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; ++x) pixels.push_back(monoValue(t, y, x));
  return pixels;
}

// Smooth content for the lossy JPEG tests (sharp edges ring).
Uint8 smoothValue(int t, int y, int x) {
  return static_cast<Uint8>(100 + 60 * std::sin(0.15 * x + 0.4 * t) * std::cos(0.1 * y));
}

struct Rgb {
  int r, g, b;
};
Rgb rgbValue(int t, int y, int x) {
  return {(t * 40 + x * 9) % 256, (y * 11 + 30) % 256, (x * 5 + y * 3 + t * 17) % 256};
}

// Samples of an RGB image; planar 0 interleaves R,G,B per pixel, planar 1 stores each frame's R
// plane, then G, then B.
std::vector<Uint8> rgbPixels(const ImageSpec& spec,
                             const std::function<Rgb(int, int, int)>& colour = rgbValue) {
  std::vector<Uint8> pixels;
  const std::size_t frameSize = static_cast<std::size_t>(spec.rows) * spec.columns;
  for (int t = 0; t < spec.frames; ++t) {
    std::vector<Uint8> frame(frameSize * 3);
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; ++x) {
        const Rgb c = colour(t, y, x);
        const std::size_t i = static_cast<std::size_t>(y) * spec.columns + x;
        const int values[3] = {c.r, c.g, c.b};
        for (int s = 0; s < 3; ++s) {
          frame[spec.planar == 0 ? 3 * i + s : s * frameSize + i] = static_cast<Uint8>(values[s]);
        }
      }
    pixels.insert(pixels.end(), frame.begin(), frame.end());
  }
  return pixels;
}

// Full-range BT.601 YCbCr as DICOM's YBR_FULL defines it.
void toYbrFull(const Rgb& c, double& y, double& cb, double& cr) {
  y = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
  cb = 128.0 - 0.168736 * c.r - 0.331264 * c.g + 0.5 * c.b;
  cr = 128.0 + 0.5 * c.r - 0.418688 * c.g - 0.081312 * c.b;
}
Uint8 toByte(double v) { return static_cast<Uint8>(std::clamp(std::lround(v), 0L, 255L)); }

// Grey-ish colours (small chroma) keep YCbCr→RGB in gamut, so luma survives the round trip.
Rgb mildColour(int t, int y, int x) {
  const int base = (t * 30 + y * 13 + x * 7) % 200 + 20;
  return {base + 10, base, base - 12};
}

class DicomReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("latentecho_dicom_" + std::to_string(::getpid()) + "_" +
                                        info->test_suite_name() + "_" + info->name());
    fs::remove_all(dir_);
    ASSERT_TRUE(fs::create_directories(dir_));
  }

  void TearDown() override {
    // Reading must not leave anything beside the files the test wrote, and nothing survives.
    std::set<std::string> present;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      present.insert(entry.path().filename().string());
    }
    EXPECT_EQ(present, written_);
    fs::remove_all(dir_);
    EXPECT_FALSE(fs::exists(dir_));
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string save(DcmFileFormat& file, const std::string& name, E_TransferSyntax xfer,
                   const DcmRepresentationParameter* parameters = nullptr) {
    DcmDataset* ds = file.getDataset();
    if (DcmXfer(xfer).isEncapsulated()) {
      registerEncoders();
      EXPECT_TRUE(ds->chooseRepresentation(xfer, parameters).good()) << name;
      EXPECT_TRUE(ds->canWriteXfer(xfer)) << name;
    }
    const std::string target = path(name);
    const OFCondition status = file.saveFile(target.c_str(), xfer);
    EXPECT_TRUE(status.good()) << name << ": " << status.text();
    written_.insert(name);
    return target;
  }

  std::string writeBytes(const std::string& name, const std::string& bytes) {
    std::ofstream out(path(name), std::ios::binary);
    out << bytes;
    written_.insert(name);
    return path(name);
  }

  fs::path dir_;
  std::set<std::string> written_;
};

std::string readError(const std::string& file, const ReadLimits& limits = {}) {
  try {
    readDicomClip(file, limits);
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "no Error for " << file;
  return {};
}

TEST_F(DicomReaderTest, RecognisesTheDicmMarker) {
  ImageSpec spec;
  auto file = makeImage(spec);
  putPixels(*file, monoPixels(spec));
  const std::string dicom = save(*file, "a.dcm", EXS_LittleEndianExplicit);
  EXPECT_TRUE(isDicomFile(dicom));
  EXPECT_FALSE(isDicomFile(writeBytes("text.dcm", std::string(200, 'x'))));
  EXPECT_FALSE(isDicomFile(writeBytes("short.dcm", "DICM")));
  EXPECT_FALSE(isDicomFile(path("missing.dcm")));
}

TEST_F(DicomReaderTest, MultiFrameMonochrome2HasExactPixelsAndNoPatientData) {
  ImageSpec spec;
  spec.frames = 5;
  auto file = makeImage(spec);
  putPixels(*file, monoPixels(spec));
  const Clip clip = readDicomClip(save(*file, "mono.dcm", EXS_LittleEndianExplicit));
  ASSERT_EQ(clip.frameCount, 5);
  ASSERT_EQ(clip.height, spec.rows);
  ASSERT_EQ(clip.width, spec.columns);
  ASSERT_EQ(clip.pixels.size(), std::size_t{5} * spec.rows * spec.columns);
  for (int t = 0; t < spec.frames; ++t)
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; ++x) {
        ASSERT_EQ(clip.at(t, y, x), monoValue(t, y, x)) << t << "," << y << "," << x;
      }
  EXPECT_EQ(clip.fps, 0.0);
  EXPECT_FALSE(clip.spacing.has_value());
  EXPECT_EQ(clip.source, "mono.dcm (DICOM, Little Endian Explicit, MONOCHROME2)");
  EXPECT_EQ(clip.source.find("Doe"), std::string::npos);
  EXPECT_EQ(clip.source.find("PID"), std::string::npos);
}

TEST_F(DicomReaderTest, SingleFrameWithoutNumberOfFrames) {
  ImageSpec spec;
  spec.frames = 1;
  spec.numberOfFramesTag = false;
  auto file = makeImage(spec);
  putPixels(*file, monoPixels(spec));
  const Clip clip = readDicomClip(save(*file, "single.dcm", EXS_LittleEndianExplicit));
  ASSERT_EQ(clip.frameCount, 1);
  EXPECT_EQ(clip.at(0, 5, 7), monoValue(0, 5, 7));
}

TEST_F(DicomReaderTest, UncompressedByteOrdersGiveIdenticalFrames) {
  for (const int bits : {8, 16}) {
    ImageSpec spec;
    spec.bitsAllocated = bits;
    spec.bitsStored = bits == 16 ? 12 : 8;
    const auto build = [&] {
      auto file = makeImage(spec);
      if (bits == 8) {
        putPixels(*file, monoPixels(spec));
      } else {
        std::vector<Uint16> samples;
        for (const Uint8 v : monoPixels(spec)) samples.push_back(static_cast<Uint16>(300 + 13 * v));
        putPixels(*file, samples);
      }
      return file;
    };
    const std::string tag = std::to_string(bits);
    auto implicitFile = build();
    auto explicitFile = build();
    auto bigFile = build();
    const Clip implicitClip =
        readDicomClip(save(*implicitFile, "implicit" + tag + ".dcm", EXS_LittleEndianImplicit));
    const Clip explicitClip =
        readDicomClip(save(*explicitFile, "explicit" + tag + ".dcm", EXS_LittleEndianExplicit));
    const Clip bigClip = readDicomClip(save(*bigFile, "big" + tag + ".dcm", EXS_BigEndianExplicit));
    EXPECT_EQ(implicitClip.pixels, explicitClip.pixels) << bits;
    EXPECT_EQ(bigClip.pixels, explicitClip.pixels) << bits;
    EXPECT_NE(implicitClip.source.find("Little Endian Implicit"), std::string::npos);
    EXPECT_NE(bigClip.source.find("Big Endian Explicit"), std::string::npos);
    if (bits == 8) {
      EXPECT_EQ(bigClip.at(2, 3, 4), monoValue(2, 3, 4));
    }
  }
}

TEST_F(DicomReaderTest, SixteenBitWithoutWindowUsesTheClipRange) {
  ImageSpec spec;
  spec.bitsAllocated = 16;
  spec.bitsStored = 12;
  auto file = makeImage(spec);
  // Values 1000..2560 over the whole clip: min-max must map them onto 0..255 linearly, with one
  // window for all frames (frame 0 alone spans only 1000..1560).
  std::vector<Uint16> samples;
  for (const Uint8 v : monoPixels(spec)) samples.push_back(static_cast<Uint16>(1000 + 10 * v));
  putPixels(*file, samples);
  const Clip clip = readDicomClip(save(*file, "wide.dcm", EXS_LittleEndianExplicit));
  double low = 1e9;
  double high = -1e9;
  for (const Uint16 s : samples) {
    low = std::min<double>(low, s);
    high = std::max<double>(high, s);
  }
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double expected = (samples[i] - low) / (high - low) * 255.0;
    ASSERT_NEAR(clip.pixels[i], expected, 1.0) << i;
    if (samples[i] == low) {
      EXPECT_EQ(clip.pixels[i], 0);
    }
    if (samples[i] == high) {
      EXPECT_EQ(clip.pixels[i], 255);
    }
  }
}

TEST_F(DicomReaderTest, SignedSixteenBitUsesTheClipRange) {
  ImageSpec spec;
  spec.frames = 1;
  spec.rows = 1;
  spec.columns = 3;
  spec.bitsAllocated = 16;
  spec.bitsStored = 16;
  auto file = makeImage(spec);
  file->getDataset()->putAndInsertUint16(DCM_PixelRepresentation, 1);
  const std::vector<Sint16> values = {-500, 250, 1000};
  std::vector<Uint16> samples;
  for (const Sint16 v : values) samples.push_back(static_cast<Uint16>(v));
  putPixels(*file, samples);
  const Clip clip = readDicomClip(save(*file, "signed.dcm", EXS_BigEndianExplicit));
  EXPECT_EQ(clip.at(0, 0, 0), 0);
  EXPECT_NEAR(clip.at(0, 0, 1), 128, 1);
  EXPECT_EQ(clip.at(0, 0, 2), 255);
}

TEST_F(DicomReaderTest, SixteenBitRgbIsScaledToEightBits) {
  ImageSpec spec;
  spec.photometric = "RGB";
  spec.bitsAllocated = 16;
  auto file = makeImage(spec);
  std::vector<Uint16> samples;
  for (const Uint8 v : rgbPixels(spec)) samples.push_back(static_cast<Uint16>(257 * v));
  putPixels(*file, samples);
  const Clip clip = readDicomClip(save(*file, "rgb16.dcm", EXS_LittleEndianImplicit));
  for (int t = 0; t < spec.frames; ++t)
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; ++x) {
        const Rgb c = rgbValue(t, y, x);
        ASSERT_NEAR(clip.at(t, y, x), expectedLuma(c.r, c.g, c.b), 1) << t << "," << y << "," << x;
      }
}

TEST_F(DicomReaderTest, SixteenBitLongClipKeepsOneWindowAcrossChunks) {
  // Big enough frames that the reader decodes them in several chunks (64 MiB of decoded data).
  ImageSpec spec;
  spec.rows = 1024;
  spec.columns = 1024;
  spec.frames = 12;
  spec.bitsAllocated = 16;
  spec.bitsStored = 16;
  auto file = makeImage(spec);
  std::vector<Uint16> samples(static_cast<std::size_t>(spec.frames) * spec.rows * spec.columns);
  // Frame t holds the constant 1000 * (t + 1): only a clip-wide window keeps frames distinct.
  const std::size_t frameSize = static_cast<std::size_t>(spec.rows) * spec.columns;
  for (int t = 0; t < spec.frames; ++t) {
    std::fill_n(samples.begin() + t * frameSize, frameSize, static_cast<Uint16>(1000 * (t + 1)));
  }
  putPixels(*file, samples);
  const Clip clip = readDicomClip(save(*file, "long16.dcm", EXS_LittleEndianExplicit));
  ASSERT_EQ(clip.frameCount, spec.frames);
  for (int t = 0; t < spec.frames; ++t) {
    const double expected = 255.0 * t / (spec.frames - 1);
    EXPECT_NEAR(clip.at(t, 0, 0), expected, 1.0) << t;
    EXPECT_EQ(clip.at(t, 1023, 1023), clip.at(t, 0, 0)) << t;
  }
}

TEST_F(DicomReaderTest, SixteenBitUsesTheFilesWindow) {
  ImageSpec spec;
  spec.frames = 1;
  spec.columns = 3;
  spec.rows = 1;
  spec.bitsAllocated = 16;
  spec.bitsStored = 12;
  auto file = makeImage(spec);
  file->getDataset()->putAndInsertString(DCM_WindowCenter, "1000");
  file->getDataset()->putAndInsertString(DCM_WindowWidth, "1000");
  putPixels(*file, std::vector<Uint16>{200, 1000, 3000});
  const Clip clip = readDicomClip(save(*file, "window.dcm", EXS_LittleEndianExplicit));
  EXPECT_EQ(clip.at(0, 0, 0), 0);
  EXPECT_NEAR(clip.at(0, 0, 1), 128, 1);
  EXPECT_EQ(clip.at(0, 0, 2), 255);
}

TEST_F(DicomReaderTest, Monochrome1IsInverted) {
  ImageSpec spec;
  spec.photometric = "MONOCHROME1";
  auto file = makeImage(spec);
  putPixels(*file, monoPixels(spec));
  const Clip clip = readDicomClip(save(*file, "mono1.dcm", EXS_LittleEndianExplicit));
  for (int t = 0; t < spec.frames; ++t)
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; ++x) {
        ASSERT_EQ(clip.at(t, y, x), 255 - monoValue(t, y, x)) << t << "," << y << "," << x;
      }
  EXPECT_NE(clip.source.find("MONOCHROME1"), std::string::npos);
}

TEST_F(DicomReaderTest, RgbBothPlanarConfigurationsGiveBt601Luma) {
  for (const int planar : {0, 1}) {
    ImageSpec spec;
    spec.photometric = "RGB";
    spec.planar = planar;
    auto file = makeImage(spec);
    putPixels(*file, rgbPixels(spec));
    const Clip clip = readDicomClip(
        save(*file, "rgb" + std::to_string(planar) + ".dcm", EXS_LittleEndianExplicit));
    ASSERT_EQ(clip.frameCount, spec.frames);
    for (int t = 0; t < spec.frames; ++t)
      for (int y = 0; y < spec.rows; ++y)
        for (int x = 0; x < spec.columns; ++x) {
          const Rgb c = rgbValue(t, y, x);
          ASSERT_EQ(clip.at(t, y, x), expectedLuma(c.r, c.g, c.b))
              << "planar " << planar << " at " << t << "," << y << "," << x;
        }
  }
}

TEST_F(DicomReaderTest, YbrFullGivesItsLuma) {
  ImageSpec spec;
  spec.photometric = "YBR_FULL";
  auto file = makeImage(spec);
  std::vector<Uint8> samples;
  for (int t = 0; t < spec.frames; ++t)
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; ++x) {
        double luma = 0, cb = 0, cr = 0;
        toYbrFull(mildColour(t, y, x), luma, cb, cr);
        samples.insert(samples.end(), {toByte(luma), toByte(cb), toByte(cr)});
      }
  putPixels(*file, samples);
  const Clip clip = readDicomClip(save(*file, "ybr.dcm", EXS_LittleEndianExplicit));
  for (int t = 0; t < spec.frames; ++t)
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; ++x) {
        const Rgb c = mildColour(t, y, x);
        ASSERT_NEAR(clip.at(t, y, x), expectedLuma(c.r, c.g, c.b), 1) << t << "," << y << "," << x;
      }
  EXPECT_NE(clip.source.find("YBR_FULL"), std::string::npos);
}

TEST_F(DicomReaderTest, NativeYbrFull422GivesItsLuma) {
  // Native 4:2:2 stores Y1 Y2 Cb Cr for each horizontal pair of pixels.
  ImageSpec spec;
  spec.photometric = "YBR_FULL_422";
  auto file = makeImage(spec);
  std::vector<Uint8> samples;
  for (int t = 0; t < spec.frames; ++t)
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; x += 2) {
        double y1 = 0, y2 = 0, cb1 = 0, cb2 = 0, cr1 = 0, cr2 = 0;
        toYbrFull(mildColour(t, y, x), y1, cb1, cr1);
        toYbrFull(mildColour(t, y, x + 1), y2, cb2, cr2);
        samples.insert(samples.end(),
                       {toByte(y1), toByte(y2), toByte((cb1 + cb2) / 2), toByte((cr1 + cr2) / 2)});
      }
  putPixels(*file, samples);
  const Clip clip = readDicomClip(save(*file, "ybr422.dcm", EXS_LittleEndianExplicit));
  for (int t = 0; t < spec.frames; ++t)
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; ++x) {
        const Rgb c = mildColour(t, y, x);
        ASSERT_NEAR(clip.at(t, y, x), expectedLuma(c.r, c.g, c.b), 2) << t << "," << y << "," << x;
      }
  EXPECT_NE(clip.source.find("YBR_FULL_422"), std::string::npos);
}

TEST_F(DicomReaderTest, PaletteColourGoesThroughTheLookupTables) {
  ImageSpec spec;
  spec.photometric = "PALETTE COLOR";
  auto file = makeImage(spec);
  DcmDataset* ds = file->getDataset();
  // 256 entries starting at index 0, 16 bits per entry.
  const Uint16 descriptor[3] = {256, 0, 16};
  std::vector<Uint16> red(256), green(256), blue(256);
  for (int i = 0; i < 256; ++i) {
    red[i] = static_cast<Uint16>(257 * i);
    green[i] = static_cast<Uint16>(257 * (255 - i));
    blue[i] = static_cast<Uint16>(257 * ((i * 3) % 256));
  }
  const DcmTagKey descriptors[3] = {DCM_RedPaletteColorLookupTableDescriptor,
                                    DCM_GreenPaletteColorLookupTableDescriptor,
                                    DCM_BluePaletteColorLookupTableDescriptor};
  const DcmTagKey tables[3] = {DCM_RedPaletteColorLookupTableData,
                               DCM_GreenPaletteColorLookupTableData,
                               DCM_BluePaletteColorLookupTableData};
  const std::vector<Uint16>* data[3] = {&red, &green, &blue};
  for (int c = 0; c < 3; ++c) {
    ASSERT_TRUE(ds->putAndInsertUint16Array(descriptors[c], descriptor, 3).good());
    ASSERT_TRUE(ds->putAndInsertUint16Array(tables[c], data[c]->data(), 256).good());
  }
  putPixels(*file, monoPixels(spec));
  const Clip clip = readDicomClip(save(*file, "palette.dcm", EXS_LittleEndianExplicit));
  for (int t = 0; t < spec.frames; ++t)
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; ++x) {
        const int i = monoValue(t, y, x);
        ASSERT_NEAR(clip.at(t, y, x), expectedLuma(i, 255 - i, (i * 3) % 256), 1)
            << t << "," << y << "," << x;
      }
  EXPECT_NE(clip.source.find("PALETTE COLOR"), std::string::npos);
}

TEST_F(DicomReaderTest, JpegBaselineMonochromeIsClose) {
  ImageSpec spec;
  spec.rows = 32;
  spec.columns = 48;
  auto file = makeImage(spec);
  std::vector<Uint8> samples;
  for (int t = 0; t < spec.frames; ++t)
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; ++x) samples.push_back(smoothValue(t, y, x));
  putPixels(*file, samples);
  const DJ_RPLossy quality(95);
  const Clip clip = readDicomClip(save(*file, "jpeg.dcm", EXS_JPEGProcess1, &quality));
  ASSERT_EQ(clip.frameCount, spec.frames);
  double sum = 0.0;
  int worst = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const int difference = std::abs(int{clip.pixels[i]} - int{samples[i]});
    sum += difference;
    worst = std::max(worst, difference);
  }
  EXPECT_LT(sum / samples.size(), 1.5);
  EXPECT_LE(worst, 8);
  EXPECT_NE(clip.source.find("JPEG Baseline"), std::string::npos) << clip.source;
}

TEST_F(DicomReaderTest, JpegBaselineColourIsYbrFull422AndClose) {
  ImageSpec spec;
  spec.rows = 32;
  spec.columns = 48;
  spec.photometric = "RGB";
  const auto smoothColour = [](int t, int y, int x) {
    const int v = smoothValue(t, y, x);
    return Rgb{v + 20, v, v - 15};
  };
  auto file = makeImage(spec);
  putPixels(*file, rgbPixels(spec, smoothColour));
  const DJ_RPLossy quality(95);
  const std::string jpeg = save(*file, "jpeg_rgb.dcm", EXS_JPEGProcess1, &quality);

  // What DCMTK's encoder produced (its defaults convert RGB to YCbCr 4:2:2).
  DcmFileFormat written;
  ASSERT_TRUE(written.loadFile(jpeg.c_str()).good());
  OFString photometric;
  written.getDataset()->findAndGetOFString(DCM_PhotometricInterpretation, photometric);
  EXPECT_EQ(std::string(photometric.c_str()), "YBR_FULL_422");

  const Clip clip = readDicomClip(jpeg);
  ASSERT_EQ(clip.frameCount, spec.frames);
  double sum = 0.0;
  for (int t = 0; t < spec.frames; ++t)
    for (int y = 0; y < spec.rows; ++y)
      for (int x = 0; x < spec.columns; ++x) {
        const Rgb c = smoothColour(t, y, x);
        const int difference = std::abs(int{clip.at(t, y, x)} - expectedLuma(c.r, c.g, c.b));
        sum += difference;
        ASSERT_LE(difference, 8) << t << "," << y << "," << x;
      }
  EXPECT_LT(sum / clip.pixels.size(), 1.5);
  EXPECT_NE(clip.source.find("YBR_FULL_422"), std::string::npos) << clip.source;
}

TEST_F(DicomReaderTest, RleIsLossless) {
  struct Case {
    std::string photometric;
    int bits;
    int planar;
  };
  for (const Case& c : {Case{"MONOCHROME2", 8, 0}, Case{"MONOCHROME2", 16, 0}, Case{"RGB", 8, 0},
                        Case{"RGB", 8, 1}}) {
    ImageSpec spec;
    spec.photometric = c.photometric;
    spec.bitsAllocated = c.bits;
    spec.planar = c.planar;
    const auto build = [&] {
      auto file = makeImage(spec);
      if (c.photometric == "RGB") {
        putPixels(*file, rgbPixels(spec));
      } else if (c.bits == 8) {
        putPixels(*file, monoPixels(spec));
      } else {
        std::vector<Uint16> samples;
        for (const Uint8 v : monoPixels(spec))
          samples.push_back(static_cast<Uint16>(40000 - 97 * v));
        putPixels(*file, samples);
      }
      return file;
    };
    const std::string name =
        c.photometric + std::to_string(c.bits) + "_" + std::to_string(c.planar);
    auto native = build();
    auto rle = build();
    const DcmRLERepresentationParameter parameters;
    const Clip nativeClip = readDicomClip(save(*native, name + ".dcm", EXS_LittleEndianExplicit));
    const Clip rleClip = readDicomClip(save(*rle, name + "_rle.dcm", EXS_RLELossless, &parameters));
    EXPECT_EQ(rleClip.pixels, nativeClip.pixels) << name;
    EXPECT_NE(rleClip.source.find("RLE Lossless"), std::string::npos) << rleClip.source;
    if (c.bits == 8 && c.photometric == "MONOCHROME2") {
      EXPECT_EQ(rleClip.at(1, 2, 3), monoValue(1, 2, 3));
    }
  }
}

class FrameRateTest : public DicomReaderTest {
 protected:
  double fpsWith(const std::function<void(DcmDataset&)>& addTiming) {
    ImageSpec spec;
    auto file = makeImage(spec);
    addTiming(*file->getDataset());
    putPixels(*file, monoPixels(spec));
    return readDicomClip(
               save(*file, "timing" + std::to_string(count_++) + ".dcm", EXS_LittleEndianExplicit))
        .fps;
  }
  int count_ = 0;
};

TEST_F(FrameRateTest, ComesFromEachTimingAttributeInOrder) {
  EXPECT_NEAR(fpsWith([](DcmDataset& ds) { ds.putAndInsertString(DCM_FrameTime, "40"); }), 25.0,
              1e-9);
  // First entry is the time before the first frame: mean of 40, 40, 20 ms → 30 fps.
  EXPECT_NEAR(
      fpsWith([](DcmDataset& ds) { ds.putAndInsertString(DCM_FrameTimeVector, "0\\40\\40\\20"); }),
      30.0, 1e-9);
  EXPECT_NEAR(fpsWith([](DcmDataset& ds) { ds.putAndInsertString(DCM_CineRate, "50"); }), 50.0,
              1e-9);
  EXPECT_NEAR(
      fpsWith([](DcmDataset& ds) { ds.putAndInsertString(DCM_RecommendedDisplayFrameRate, "60"); }),
      60.0, 1e-9);
  EXPECT_EQ(fpsWith([](DcmDataset&) {}), 0.0);
  // Precedence: Frame Time over the vector over Cine Rate over the display rate.
  EXPECT_NEAR(fpsWith([](DcmDataset& ds) {
                ds.putAndInsertString(DCM_FrameTime, "20");
                ds.putAndInsertString(DCM_FrameTimeVector, "0\\40\\40");
                ds.putAndInsertString(DCM_CineRate, "10");
              }),
              50.0, 1e-9);
  EXPECT_NEAR(fpsWith([](DcmDataset& ds) {
                ds.putAndInsertString(DCM_FrameTimeVector, "0\\40\\40");
                ds.putAndInsertString(DCM_CineRate, "10");
                ds.putAndInsertString(DCM_RecommendedDisplayFrameRate, "5");
              }),
              25.0, 1e-9);
  EXPECT_NEAR(fpsWith([](DcmDataset& ds) {
                ds.putAndInsertString(DCM_CineRate, "10");
                ds.putAndInsertString(DCM_RecommendedDisplayFrameRate, "5");
              }),
              10.0, 1e-9);
}

DcmItem* addRegion(DcmDataset& ds, Uint16 format, Uint16 unitsX, Uint16 unitsY, double deltaX,
                   double deltaY) {
  DcmItem* region = nullptr;
  EXPECT_TRUE(ds.findOrCreateSequenceItem(DCM_SequenceOfUltrasoundRegions, region, -2).good());
  region->putAndInsertUint16(DCM_RegionSpatialFormat, format);
  region->putAndInsertUint16(DCM_PhysicalUnitsXDirection, unitsX);
  region->putAndInsertUint16(DCM_PhysicalUnitsYDirection, unitsY);
  region->putAndInsertFloat64(DCM_PhysicalDeltaX, deltaX);
  region->putAndInsertFloat64(DCM_PhysicalDeltaY, deltaY);
  return region;
}

TEST_F(DicomReaderTest, PixelSpacingFromPixelSpacingOrUltrasoundRegions) {
  const auto spacingWith = [&](const std::string& name,
                               const std::function<void(DcmDataset&)>& addCalibration) {
    ImageSpec spec;
    auto file = makeImage(spec);
    addCalibration(*file->getDataset());
    putPixels(*file, monoPixels(spec));
    return readDicomClip(save(*file, name, EXS_LittleEndianExplicit)).spacing;
  };

  const auto direct = spacingWith(
      "spacing.dcm", [](DcmDataset& ds) { ds.putAndInsertString(DCM_PixelSpacing, "0.3\\0.2"); });
  ASSERT_TRUE(direct.has_value());
  EXPECT_DOUBLE_EQ(direct->rowMm, 0.3);
  EXPECT_DOUBLE_EQ(direct->columnMm, 0.2);

  // A Doppler strip (spatial format 3, seconds × cm/s) first, then the 2D tissue region in cm.
  const auto regions = spacingWith("regions.dcm", [](DcmDataset& ds) {
    addRegion(ds, 3, 4, 7, 0.01, 0.5);
    addRegion(ds, 1, 3, 3, -0.025, 0.03);
  });
  ASSERT_TRUE(regions.has_value());
  EXPECT_DOUBLE_EQ(regions->rowMm, 0.3);
  EXPECT_DOUBLE_EQ(regions->columnMm, 0.25);

  const auto notLengths = spacingWith("seconds.dcm", [](DcmDataset& ds) {
    addRegion(ds, 2, 4, 3, 0.01, 0.03);  // M-mode: time across, depth down
  });
  EXPECT_FALSE(notLengths.has_value());
}

TEST_F(DicomReaderTest, MaxFramesReadsOnlyTheFirstFrames) {
  ImageSpec spec;
  spec.frames = 6;
  for (const E_TransferSyntax xfer : {EXS_LittleEndianExplicit, EXS_RLELossless}) {
    auto file = makeImage(spec);
    putPixels(*file, monoPixels(spec));
    const DcmRLERepresentationParameter rle;
    const std::string name = std::string("six_") + (xfer == EXS_RLELossless ? "rle" : "native");
    ReadLimits limits;
    limits.maxFrames = 2;
    const Clip clip = readDicomClip(
        save(*file, name + ".dcm", xfer, xfer == EXS_RLELossless ? &rle : nullptr), limits);
    ASSERT_EQ(clip.frameCount, 2) << name;
    ASSERT_EQ(clip.pixels.size(), std::size_t{2} * spec.rows * spec.columns);
    EXPECT_EQ(clip.at(1, 5, 7), monoValue(1, 5, 7));
  }
}

TEST_F(DicomReaderTest, LimitsAreCheckedBeforeDecoding) {
  // Headers announcing huge images over a few bytes of pixel data: had anything been allocated or
  // decoded first, the error would be about the missing pixels, not the limit.
  const auto hugeHeader = [&](const std::string& name, int rows, int columns, int frames) {
    ImageSpec spec;
    spec.rows = rows;
    spec.columns = columns;
    spec.frames = frames;
    auto file = makeImage(spec);
    putPixels(*file, std::vector<Uint8>(64, 9));
    return save(*file, name, EXS_LittleEndianExplicit);
  };

  const std::string wide = hugeHeader("wide.dcm", 100, 10000, 1);
  std::string message = readError(wide);
  EXPECT_NE(message.find("10000x100 pixels, larger than the limit of 8192"), std::string::npos)
      << message;
  EXPECT_NE(message.find(wide), std::string::npos) << message;
  ReadLimits small;
  small.maxSide = 64;
  message = readError(hugeHeader("small.dcm", 80, 60, 1), small);
  EXPECT_NE(message.find("limit of 64 pixels"), std::string::npos) << message;

  const std::string longClip = hugeHeader("long.dcm", 1000, 1000, 5000);  // 5 GB of frames
  message = readError(longClip);
  EXPECT_NE(message.find("more than the limit of 4294967296 bytes"), std::string::npos) << message;
  EXPECT_NE(message.find(longClip), std::string::npos) << message;

  // Asking for fewer frames passes the byte limit; then the missing pixel data is the problem.
  ReadLimits fewFrames;
  fewFrames.maxFrames = 2;
  message = readError(longClip, fewFrames);
  EXPECT_NE(message.find("truncated pixel data"), std::string::npos) << message;
}

TEST_F(DicomReaderTest, BadInputsNameTheFileAndTheProblem) {
  const auto expectError = [&](const std::string& file, const std::string& problem) {
    const std::string message = readError(file);
    EXPECT_NE(message.find(file), std::string::npos) << message;
    EXPECT_NE(message.find(problem), std::string::npos)
        << "expected '" << problem << "' in: " << message;
  };

  expectError(path("missing.dcm"), "no such file");
  expectError(writeBytes("notes.dcm", std::string(300, 'a')), "not a DICOM file");

  {  // A DICOM object without an image (e.g. a report).
    auto file = std::make_unique<DcmFileFormat>();
    DcmDataset* ds = file->getDataset();
    ds->putAndInsertString(DCM_SOPClassUID, UID_BasicTextSRStorage);
    char uid[100];
    ds->putAndInsertString(DCM_SOPInstanceUID,
                           dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
    ds->putAndInsertString(DCM_PatientName, kPatientName);
    expectError(save(*file, "report.dcm", EXS_LittleEndianExplicit), "no Pixel Data");
  }
  {
    ImageSpec spec;
    spec.frames = 1;
    auto file = makeImage(spec);
    putPixels(*file, monoPixels(spec));
    file->getDataset()->putAndInsertString(DCM_NumberOfFrames, "0");
    expectError(save(*file, "zero.dcm", EXS_LittleEndianExplicit), "zero frames");
  }
  {  // Native pixel data cut short by a damaged copy.
    ImageSpec spec;
    spec.rows = 64;
    spec.columns = 64;
    spec.frames = 4;
    auto file = makeImage(spec);
    putPixels(*file, std::vector<Uint8>(static_cast<std::size_t>(64) * 64 * 4, 7));
    const std::string cut = save(*file, "cut.dcm", EXS_LittleEndianExplicit);
    fs::resize_file(cut, fs::file_size(cut) - 5000);
    expectError(cut, "truncated");
    // Cut inside the header.
    const std::string header = save(*file, "cut_header.dcm", EXS_LittleEndianExplicit);
    fs::resize_file(header, 300);
    expectError(header, "truncated");
  }
  {  // Declared pixel data shorter than the frames need.
    ImageSpec spec;
    auto file = makeImage(spec);
    putPixels(*file, std::vector<Uint8>(static_cast<std::size_t>(spec.rows) * spec.columns, 1));
    expectError(save(*file, "short_value.dcm", EXS_LittleEndianExplicit), "truncated");
  }
  {  // RLE fragments cut short.
    ImageSpec spec;
    spec.rows = 64;
    spec.columns = 64;
    spec.frames = 4;
    auto file = makeImage(spec);
    std::vector<Uint8> noise(static_cast<std::size_t>(64) * 64 * 4);
    for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<Uint8>((i * 7919) % 251);
    putPixels(*file, noise);
    const DcmRLERepresentationParameter rle;
    const std::string cut = save(*file, "cut_rle.dcm", EXS_RLELossless, &rle);
    fs::resize_file(cut, fs::file_size(cut) - 3000);
    const std::string message = readError(cut);
    EXPECT_NE(message.find(cut), std::string::npos) << message;
    EXPECT_FALSE(message.empty());
  }
}

TEST_F(DicomReaderTest, MoreFramesAnnouncedThanEncodedIsAnError) {
  ImageSpec spec;
  auto file = makeImage(spec);
  putPixels(*file, monoPixels(spec));
  const DcmRLERepresentationParameter rle;
  const std::string encoded = save(*file, "missing_frames.dcm", EXS_RLELossless, &rle);
  // Three frames encoded; the header now claims five.
  DcmFileFormat edited;
  ASSERT_TRUE(edited.loadFile(encoded.c_str()).good());
  edited.getDataset()->putAndInsertString(DCM_NumberOfFrames, "5");
  ASSERT_TRUE(edited.saveFile(encoded.c_str(), EXS_RLELossless).good());

  const std::string message = readError(encoded);
  EXPECT_NE(message.find(encoded), std::string::npos) << message;
  EXPECT_NE(message.find("decode"), std::string::npos) << message;
}

TEST_F(DicomReaderTest, UnsupportedTransferSyntaxesAreNamed) {
  {  // JPEG-LS, really encoded by DCMTK.
    ImageSpec spec;
    auto file = makeImage(spec);
    putPixels(*file, monoPixels(spec));
    const DJLSRepresentationParameter lossless;
    const std::string jpls = save(*file, "jpls.dcm", EXS_JPEGLSLossless, &lossless);
    const std::string message = readError(jpls);
    EXPECT_NE(message.find("unsupported DICOM transfer syntax 1.2.840.10008.1.2.4.80"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("JPEG-LS"), std::string::npos) << message;
    EXPECT_NE(message.find(jpls), std::string::npos) << message;
  }
  {  // A transfer syntax UID that DCMTK does not know (patched into the meta header).
    ImageSpec spec;
    auto file = makeImage(spec);
    putPixels(*file, monoPixels(spec));
    const std::string unknown = save(*file, "unknown.dcm", EXS_LittleEndianExplicit);
    std::string bytes;
    {
      std::ifstream in(unknown, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string explicitUid = std::string(UID_LittleEndianExplicitTransferSyntax) + '\0';
    const std::size_t at = bytes.find(explicitUid);
    ASSERT_NE(at, std::string::npos);
    bytes.replace(at, explicitUid.size(), std::string("1.2.840.10008.1.2.7") + '\0');
    writeBytes("unknown.dcm", bytes);
    const std::string message = readError(unknown);
    EXPECT_NE(message.find("unsupported DICOM transfer syntax 1.2.840.10008.1.2.7"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find(unknown), std::string::npos) << message;
  }
  {  // A header claiming JPEG 2000 around an encapsulated fragment of garbage.
    ImageSpec spec;
    spec.frames = 1;
    auto file = makeImage(spec);
    auto* pixelData = new DcmPixelData(DCM_PixelData);
    auto* sequence = new DcmPixelSequence(DCM_PixelSequenceTag);
    sequence->insert(new DcmPixelItem(DcmTag(DCM_Item, EVR_OB)));  // empty offset table
    auto* fragment = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
    const Uint8 garbage[16] = {0xff, 0x4f, 0xff, 0x51, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    fragment->putUint8Array(garbage, sizeof garbage);
    sequence->insert(fragment);
    pixelData->putOriginalRepresentation(EXS_JPEG2000LosslessOnly, nullptr, sequence);
    file->getDataset()->insert(pixelData, true);
    const std::string j2k = save(*file, "j2k.dcm", EXS_JPEG2000LosslessOnly);
    const std::string message = readError(j2k);
    EXPECT_NE(message.find("unsupported DICOM transfer syntax 1.2.840.10008.1.2.4.90"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("JPEG 2000"), std::string::npos) << message;
    EXPECT_NE(message.find(j2k), std::string::npos) << message;
  }
}

TEST_F(DicomReaderTest, ConcurrentReadsOfDifferentFilesAgree) {
  ImageSpec spec;
  spec.rows = 32;
  spec.columns = 32;
  std::vector<std::string> files;
  std::vector<Clip> expected;
  for (int i = 0; i < 4; ++i) {
    spec.photometric = i % 2 == 0 ? "RGB" : "MONOCHROME2";
    auto file = makeImage(spec);
    if (spec.photometric == "RGB") {
      putPixels(*file, rgbPixels(spec));
    } else {
      putPixels(*file, monoPixels(spec));
    }
    const DcmRLERepresentationParameter rle;
    files.push_back(save(*file, "thread" + std::to_string(i) + ".dcm", EXS_RLELossless, &rle));
    expected.push_back(readDicomClip(files.back()));
  }
  std::vector<Clip> results(files.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < files.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int repeat = 0; repeat < 5; ++repeat) results[i] = readDicomClip(files[i]);
    });
  }
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < files.size(); ++i) EXPECT_EQ(results[i].pixels, expected[i].pixels);
}

}  // namespace
}  // namespace latentecho

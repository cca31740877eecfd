// LibTorch before any Qt header: Qt's `slots` macro breaks torch's headers (ivalue_inl.h).
#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include "latentecho/core/clip_tensor.h"
#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/edit_direction.h"
#include "latentecho/core/error.h"
#include "latentecho/core/resources.h"
#include "latentecho/io/clip_folder_direction.h"
#include "latentecho/io/tuned_clip.h"
// clang-format off
#include "latent_renderer.h"
// clang-format on

#include <QCoreApplication>
#include <QSettings>
#include <QStringList>
#include <cstring>
#include <filesystem>

#include "preferences_dialog.h"

namespace latentecho::studio {

LatentRenderer::LatentRenderer(std::shared_ptr<const TunedClip> tuned,
                               std::shared_ptr<const EditDirection> direction, QSize outputSize,
                               int batchSize)
    : tuned_(std::move(tuned)),
      direction_(std::move(direction)),
      outputSize_(outputSize),
      batchSize_(std::max(1, batchSize)) {
  if (!tuned_ || !tuned_->tuned || !tuned_->pivots.defined())
    throw Error("latent renderer: no tuned generator");
  if (!direction_ || direction_->empty()) throw Error("latent renderer: no edit direction");
  const auto& config = tuned_->tuned->config();
  if (direction_->numWs() != config.numWs() || direction_->wDim() != config.wDim)
    throw Error("the edit direction is [" + std::to_string(direction_->numWs()) + ", " +
                std::to_string(direction_->wDim()) + "], the generator's W+ is [" +
                std::to_string(config.numWs()) + ", " + std::to_string(config.wDim) + "]");
}

LatentRenderer::~LatentRenderer() = default;

int LatentRenderer::frameCount() const { return static_cast<int>(tuned_->pivots.size(0)); }

QString LatentRenderer::name() const {
  return QCoreApplication::translate("LatentRenderer", "latent edit");
}

std::vector<QImage> LatentRenderer::render(double alpha, const std::vector<int>& frames) const {
  std::vector<QImage> images;
  if (frames.empty()) return images;
  std::vector<int64_t> indices;
  for (int index : frames) {
    if (index < 0 || index >= frameCount())
      throw Error("latent renderer: frame " + std::to_string(index) + " is outside the clip");
    indices.push_back(index);
  }
  Clip rendered;
  {
    const at::NoGradGuard noGrad;
    const at::Tensor pivots =
        tuned_->pivots.index_select(0, at::tensor(indices, at::TensorOptions().dtype(at::kLong)));
    StyleGan2Generator generator = tuned_->tuned;  // a handle: the module is shared, only read
    const at::Tensor ws = direction_->apply(pivots, alpha);
    stylegan2::SynthesisOptions options;
    options.noise = tuned_->report.contains("settings")
                        ? parseNoiseMode(tuned_->report["settings"].value("noise", "const"))
                        : NoiseMode::Const;
    rendered = framesToClip(
        generator->synthesize(ws.to(generator->synthesis->parameters().front().device()), options));
  }
  // The generator paints the whole square; like the original, only the sector is image.
  const std::vector<std::uint8_t> sector =
      tuned_->prepared.sectorInPrepared.mask(rendered.height, rendered.width);
  images.reserve(frames.size());
  for (int i = 0; i < rendered.frameCount; ++i) {
    if (sector.size() == rendered.frameSize())
      for (std::size_t p = 0; p < sector.size(); ++p)
        if (!sector[p]) rendered.frame(i)[p] = 0;
    QImage image(rendered.width, rendered.height, QImage::Format_Grayscale8);
    for (int y = 0; y < rendered.height; ++y)
      std::memcpy(image.scanLine(y),
                  rendered.frame(i) + static_cast<std::size_t>(y) * rendered.width, rendered.width);
    if (outputSize_.isValid() && image.size() != outputSize_)
      image = image.scaled(outputSize_, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    images.push_back(std::move(image));
  }
  return images;
}

}  // namespace latentecho::studio

namespace latentecho::studio {
namespace {

static_assert(int64_t{settings_keys::kDefaultCacheLimitGb} << 30 == kDefaultPtiCacheLimitBytes,
              "the studio's and the command line's default PTI cache limits differ");

std::string orBundled(const QString& path, const char* bundled) {
  return path.isEmpty() ? resourcePath(bundled) : path.toStdString();
}

}  // namespace

LatentEditSettings LatentEditSettings::fromSettings() {
  QSettings settings;
  LatentEditSettings s;
  s.generatorFolder = settings.value(settings_keys::kGeneratorFolder).toString();
  s.encoderFolder = settings.value(settings_keys::kEncoderFolder).toString();
  s.directionFile = settings.value(settings_keys::kDirectionFile).toString();
  s.cacheFolder = settings.value(settings_keys::kCacheFolder).toString();
  s.cacheLimitGb =
      settings.value(settings_keys::kCacheLimitGb, settings_keys::kDefaultCacheLimitGb).toInt();
  s.ptiSteps = settings.value(settings_keys::kPtiSteps, settings_keys::kDefaultPtiSteps).toInt();
  s.frames = settings.value(settings_keys::kFrames, settings_keys::kDefaultFrames).toInt();
  return s;
}

QString LatentEditSettings::missingModels() const {
  QStringList missing;
  const auto check = [&missing](const QString& path, const char* bundled, const QString& what) {
    try {
      const std::string found = orBundled(path, bundled);
      if (!std::filesystem::exists(found)) missing << what.arg(QString::fromStdString(found));
    } catch (const std::exception&) {
      missing << what.arg(QCoreApplication::translate("LatentRenderer", "the bundled one"));
    }
  };
  check(generatorFolder, default_models::kGenerator,
        QCoreApplication::translate("LatentRenderer", "a generator (%1)"));
  check(encoderFolder, default_models::kEncoder,
        QCoreApplication::translate("LatentRenderer", "an encoder (%1)"));
  check(directionFile, default_models::kDirection,
        QCoreApplication::translate("LatentRenderer", "an edit direction (%1)"));
  if (missing.isEmpty()) return {};
  return QCoreApplication::translate("LatentRenderer",
                                     "The latent edit needs %1: choose them in the Tools menu.")
      .arg(missing.join(QStringLiteral(", ")));
}

QString defaultTuningCacheFolder() { return QString::fromStdString(defaultPtiCacheFolder()); }

std::shared_ptr<const EditDirection> loadEditDirection(const LatentEditSettings& settings) {
  return std::make_shared<const EditDirection>(
      EditDirection::load(orBundled(settings.directionFile, default_models::kDirection)));
}

std::shared_ptr<LatentRenderer> tuneLatentRenderer(const LatentEditSettings& settings,
                                                   const Clip& original, const QString& clipName,
                                                   QSize outputSize, const Progress& progress) {
  // The direction first: a missing file should fail before minutes of tuning.
  std::shared_ptr<const EditDirection> direction = loadEditDirection(settings);
  TuneRequest request;
  request.model = settings.generatorFolder.toStdString();
  request.encoder = settings.encoderFolder.toStdString();
  request.cache = settings.cacheFolder.toStdString();
  request.cacheLimitBytes = static_cast<int64_t>(settings.cacheLimitGb) << 30;
  request.frames = settings.frames;
  request.settings.steps = settings.ptiSteps;
  auto tuned = std::make_shared<TunedClip>(
      prepareAndTune(original, clipName.toStdString(), request, progress));
  return std::make_shared<LatentRenderer>(std::move(tuned), std::move(direction), outputSize);
}

void computeRealDirection(const LatentEditSettings& settings, const QString& highQualityFolder,
                          const QString& lowQualityFolder, const QString& outFile,
                          const Progress& progress) {
  const std::string encoderFolder = orBundled(settings.encoderFolder, default_models::kEncoder);
  progress.report(0.0, "loading " + encoderFolder);
  const E4eEncoder encoder = E4eEncoder::load(encoderFolder);
  EditDirection direction =
      directionFromClipFolders(encoder, highQualityFolder.toStdString(),
                               lowQualityFolder.toStdString(), 8, 8, progress.sub(0.02, 0.98));
  direction.provenance()["encoder"] = encoderFolder;
  direction.provenance()["encoderWeightsXxh64"] = encoder.folder().weightsDigest;
  direction.provenance()["madeBy"] = "latentecho-studio Tools > Direction > Compute Real Direction";
  direction.save(outFile.toStdString());
  progress.report(1.0, "direction saved");
}

}  // namespace latentecho::studio

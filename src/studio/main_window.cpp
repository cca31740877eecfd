#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QSaveFile>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>
#include <cstring>

#include "analysis_panel.h"
#include "classical_renderer.h"
#include "clip_player.h"
#include "frame_view.h"
#include "job_list.h"
#include "job_manager.h"
#include "latentecho/core/error.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/clip_writer.h"
#include "latentecho/io/prepare.h"
#include "preferences_dialog.h"
#include "render_worker.h"

namespace latentecho::studio {

struct LoadedClip {
  QString path;
  Clip original;
  std::shared_ptr<const Clip> prepared;  // null when no sector was found
  QString preparedNote;                  // why it is null, for the status bar
  QString error;                         // non-empty when loading failed
};

// α changes on the undo stack; consecutive changes within a second (one slider drag) merge.
class AlphaChange : public QUndoCommand {
 public:
  AlphaChange(MainWindow* window, double before, double after)
      : window_(window), before_(before), after_(after), when_(QDateTime::currentMSecsSinceEpoch()) {
    setText(QCoreApplication::translate("MainWindow", "α %1").arg(after, 0, 'f', 2));
  }
  void undo() override { window_->applyAlpha(before_); }
  void redo() override { window_->applyAlpha(after_); }
  int id() const override { return 1; }
  bool mergeWith(const QUndoCommand* other) override {
    const auto* next = static_cast<const AlphaChange*>(other);
    if (next->when_ - when_ > 1000) return false;
    after_ = next->after_;
    when_ = next->when_;
    setText(next->text());
    return true;
  }

 private:
  MainWindow* window_;
  double before_, after_;
  qint64 when_;
};

namespace {

constexpr int kMaxRecent = 8;
constexpr int kAlphaSteps = 100;  // slider ticks per unit of α
constexpr double kAlphaMax = 2.0;

QImage toImage(const Clip& clip, int frame) {
  if (clip.empty()) return {};
  frame = std::clamp(frame, 0, clip.frameCount - 1);
  QImage image(clip.frame(frame), clip.width, clip.height, clip.width, QImage::Format_Grayscale8);
  return image.copy();  // own the pixels: the clip may be replaced while the image is shown
}

std::shared_ptr<LoadedClip> loadClip(const QString& path) {
  auto loaded = std::make_shared<LoadedClip>();
  loaded->path = path;
  try {
    loaded->original = readClip(path.toStdString());
    try {
      PrepareOptions options;
      options.frames = 0;  // the player shows the whole clip; models pick their window later
      loaded->prepared = std::make_shared<const Clip>(prepareClip(loaded->original, options).clip);
    } catch (const Error& e) {
      loaded->preparedNote = QString::fromStdString(e.what());
    }
  } catch (const std::exception& e) {
    loaded->error = QString::fromStdString(e.what());
  }
  return loaded;
}

// The renderer's frames as a clip with the prepared clip's metadata.
Clip renderClip(const FrameRenderer& renderer, const Clip& like, double alpha,
                const Progress& progress) {
  Clip out = like;
  out.source = like.source + " | " + renderer.name().toStdString() + " α " + std::to_string(alpha);
  const int batch = std::max(1, renderer.preferredBatch());
  for (int begin = 0; begin < like.frameCount; begin += batch) {
    progress.report(static_cast<double>(begin) / like.frameCount, "rendering");
    std::vector<int> frames;
    for (int i = begin; i < std::min(like.frameCount, begin + batch); ++i) frames.push_back(i);
    const std::vector<QImage> images = renderer.render(alpha, frames);
    for (std::size_t k = 0; k < frames.size(); ++k) {
      const QImage gray = images.at(k).convertToFormat(QImage::Format_Grayscale8);
      if (gray.width() != like.width || gray.height() != like.height)
        throw Error("the renderer returned a frame of the wrong size");
      for (int y = 0; y < like.height; ++y)
        std::memcpy(out.frame(frames[k]) + static_cast<std::size_t>(y) * like.width,
                    gray.constScanLine(y), like.width);
    }
  }
  progress.report(1.0, "rendering");
  return out;
}

bool savePng(const QImage& image, const QString& path, QString& error) {
  QSaveFile file(path);  // temporary file + rename: no half-written PNG is ever left
  if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
    error = QCoreApplication::translate("MainWindow", "Could not write %1: %2")
                .arg(path, file.errorString());
    return false;
  }
  return true;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  player_ = new ClipPlayer(this);
  viewTransform_ = new ViewTransform(this);
  undoStack_ = new QUndoStack(this);
  jobs_ = new JobManager(this);
  renderWorker_ = new RenderWorker(this);
  QSettings settings;
  alpha_ = std::clamp(settings.value(settings_keys::kDefaultAlpha, 1.0).toDouble(), 0.0, kAlphaMax);
  buildUi();
  buildMenus();
  connect(player_, &ClipPlayer::frameChanged, this, &MainWindow::showFrame);
  connect(player_, &ClipPlayer::playingChanged, this, [this](bool playing) {
    playButton_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause
                                                       : QStyle::SP_MediaPlay));
  });
  connect(&loader_, &QFutureWatcher<std::shared_ptr<LoadedClip>>::finished, this,
          &MainWindow::onLoaded);
  connect(renderWorker_, &RenderWorker::frameRendered, this,
          [this](double alpha, int frame, const QImage&, double milliseconds) {
            if (alpha != alpha_) return;
            if (frame == player_->currentFrame()) {
              updateEnhancedView();
              renderLabel_->setText(tr("frame in %1 ms").arg(milliseconds, 0, 'f', 0));
            }
          });
  connect(renderWorker_, &RenderWorker::clipRendered, this, [this](double alpha, double ms) {
    if (alpha != alpha_) return;
    renderLabel_->setText(tr("clip in %1 ms").arg(ms, 0, 'f', 0));
    measureEnhanced();
  });
  connect(renderWorker_, &RenderWorker::failed, this, [this](const QString& message) {
    reportError(tr("Rendering failed"), message);
  });
  connect(jobs_, &JobManager::jobFinished, this, [this](int id, JobManager::State state) {
    const JobManager::Status status = jobs_->status(id);
    if (state == JobManager::State::Failed)
      reportError(tr("%1 failed").arg(status.title), status.error);
    else if (state == JobManager::State::Cancelled)
      statusBar()->showMessage(tr("%1: cancelled").arg(status.title), 5000);
    else
      statusBar()->showMessage(tr("%1: done").arg(status.title), 5000);
  });
  setAcceptDrops(true);
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
}

MainWindow::~MainWindow() {
  loader_.waitForFinished();
  delete jobs_;  // cancels and waits for running jobs before the window's parts go
  jobs_ = nullptr;
}

void MainWindow::buildUi() {
  setWindowTitle(tr("LatentEcho Studio"));

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  auto* splitter = new QSplitter(Qt::Horizontal, central);
  originalView_ = new FrameView(splitter);
  originalView_->setAccessibleName(tr("Original clip"));
  originalView_->setTransform(viewTransform_);
  enhancedView_ = new FrameView(splitter);
  enhancedView_->setAccessibleName(tr("Enhanced clip"));
  enhancedView_->setTransform(viewTransform_);
  splitter->addWidget(originalView_);
  splitter->addWidget(enhancedView_);
  layout->addWidget(splitter, 1);

  auto* playback = new QHBoxLayout();
  playButton_ = new QToolButton(central);
  playButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
  playButton_->setToolTip(tr("Play / pause (Space)"));
  playButton_->setAccessibleName(tr("Play or pause"));
  connect(playButton_, &QToolButton::clicked, player_, &ClipPlayer::togglePlay);
  frameSlider_ = new QSlider(Qt::Horizontal, central);
  frameSlider_->setAccessibleName(tr("Frame"));
  frameSlider_->setEnabled(false);
  connect(frameSlider_, &QSlider::valueChanged, player_, &ClipPlayer::seek);
  frameLabel_ = new QLabel(tr("No clip"), central);
  frameLabel_->setMinimumWidth(110);
  playback->addWidget(playButton_);
  playback->addWidget(frameSlider_, 1);
  playback->addWidget(frameLabel_);
  layout->addLayout(playback);

  auto* edit = new QHBoxLayout();
  auto* methodLabel = new QLabel(tr("&Method:"), central);
  methodBox_ = new QComboBox(central);
  methodBox_->setAccessibleName(tr("Enhancement method"));
  methodBox_->addItem(tr("Non-local means"), QStringLiteral("nlm"));
  methodBox_->addItem(tr("Bilateral filter"), QStringLiteral("bilateral"));
  methodLabel->setBuddy(methodBox_);
  const int savedMethod = methodBox_->findData(QSettings().value("enhance/method", "nlm"));
  methodBox_->setCurrentIndex(std::max(0, savedMethod));
  connect(methodBox_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    QSettings().setValue("enhance/method", methodBox_->currentData());
    updateRenderer();
  });
  auto* alphaLabel = new QLabel(tr("&α:"), central);
  alphaSlider_ = new QSlider(Qt::Horizontal, central);
  alphaSlider_->setAccessibleName(tr("Edit strength α"));
  alphaSlider_->setRange(0, static_cast<int>(kAlphaMax * kAlphaSteps));
  alphaSlider_->setValue(static_cast<int>(std::lround(alpha_ * kAlphaSteps)));
  alphaLabel->setBuddy(alphaSlider_);
  alphaSpin_ = new QDoubleSpinBox(central);
  alphaSpin_->setAccessibleName(tr("Edit strength α value"));
  alphaSpin_->setRange(0.0, kAlphaMax);
  alphaSpin_->setSingleStep(0.05);
  alphaSpin_->setDecimals(2);
  alphaSpin_->setValue(alpha_);
  connect(alphaSlider_, &QSlider::valueChanged, this,
          [this](int value) { setAlpha(static_cast<double>(value) / kAlphaSteps); });
  connect(alphaSpin_, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
          [this](double value) { setAlpha(value); });
  renderLabel_ = new QLabel(central);
  renderLabel_->setMinimumWidth(120);
  edit->addWidget(methodLabel);
  edit->addWidget(methodBox_);
  edit->addSpacing(12);
  edit->addWidget(alphaLabel);
  edit->addWidget(alphaSlider_, 1);
  edit->addWidget(alphaSpin_);
  edit->addWidget(renderLabel_);
  layout->addLayout(edit);
  setCentralWidget(central);

  jobsDock_ = new QDockWidget(tr("Jobs"), this);
  jobsDock_->setObjectName(QStringLiteral("jobsDock"));
  jobsDock_->setWidget(new JobList(jobs_, jobsDock_));

  analysisDock_ = new QDockWidget(tr("Measurements"), this);
  analysisDock_->setObjectName(QStringLiteral("analysisDock"));
  analysisPanel_ = new AnalysisPanel(analysisDock_);
  analysisDock_->setWidget(analysisPanel_);
  addDockWidget(Qt::RightDockWidgetArea, analysisDock_);
  connect(analysisPanel_, &AnalysisPanel::seekRequested, player_, &ClipPlayer::seek);
  // Jobs under the measurements: progress stays in sight without taking space from the views.
  addDockWidget(Qt::RightDockWidgetArea, jobsDock_);
  splitDockWidget(analysisDock_, jobsDock_, Qt::Vertical);
  resizeDocks({analysisDock_, jobsDock_}, {4, 1}, Qt::Vertical);
  jobsDock_->hide();
  connect(jobs_, &JobManager::jobAdded, jobsDock_, &QWidget::show);
  resize(1400, 760);
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseAndOpen);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  file->addSeparator();
  QMenu* exports = file->addMenu(tr("&Export"));
  exports->addAction(tr("&Enhanced Clip…"), this, [this] {
    const QString path = chooseExportPath(tr("Export enhanced clip"), QStringLiteral("enhanced.mp4"),
                                          tr("Video (*.mp4 *.avi);;GIF (*.gif)"));
    if (!path.isEmpty()) exportEnhancedClip(path);
  });
  exports->addAction(tr("&Side-by-Side Clip…"), this, [this] {
    const QString path =
        chooseExportPath(tr("Export side-by-side clip"), QStringLiteral("side_by_side.mp4"),
                         tr("Video (*.mp4 *.avi);;GIF (*.gif)"));
    if (!path.isEmpty()) exportSideBySide(path);
  });
  exports->addAction(tr("Current &Frame Pair…"), this, [this] {
    const QString path = chooseExportPath(tr("Save frame pair"), QStringLiteral("frame_pair.png"),
                                          tr("PNG image (*.png)"));
    if (!path.isEmpty() && !saveFramePair(path)) reportError(tr("Export failed"), lastError_);
  });
  exports->addAction(tr("&Measurements…"), this, [this] {
    const QString path = chooseExportPath(tr("Export measurements"),
                                          QStringLiteral("measurements.csv"),
                                          tr("CSV table (*.csv);;JSON (*.json)"));
    if (!path.isEmpty() && !saveMeasurements(path)) reportError(tr("Export failed"), lastError_);
  });
  exports->addAction(tr("&Window Screenshot…"), this, [this] {
    const QString path = chooseExportPath(tr("Save screenshot"), QStringLiteral("screenshot.png"),
                                          tr("PNG image (*.png)"));
    if (!path.isEmpty() && !saveScreenshot(path)) reportError(tr("Export failed"), lastError_);
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* editMenu = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = undoStack_->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = undoStack_->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  editMenu->addAction(undo);
  editMenu->addAction(redo);
  editMenu->addSeparator();
  QAction* preferences = editMenu->addAction(tr("&Preferences…"), this, [this] {
    PreferencesDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted && dialog.save())
      statusBar()->showMessage(tr("The new language applies when the studio next starts."), 8000);
  });
  preferences->setShortcut(QKeySequence::Preferences);
  preferences->setMenuRole(QAction::PreferencesRole);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  wipeAction_ = view->addAction(tr("&Wipe Instead of Side by Side"));
  wipeAction_->setCheckable(true);
  wipeAction_->setShortcut(Qt::Key_W);
  connect(wipeAction_, &QAction::toggled, this, [this](bool wipe) {
    originalView_->setWipe(wipe);
    enhancedView_->setVisible(!wipe);
    updateEnhancedView();
  });
  view->addSeparator();
  view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, this, [this] { viewTransform_->zoomBy(1.25); });
  view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, this, [this] { viewTransform_->zoomBy(0.8); });
  view->addAction(tr("&Fit"), QKeySequence(Qt::CTRL | Qt::Key_0), this,
                  [this] { viewTransform_->reset(); });
  view->addSeparator();
  QMenu* overlays = view->addMenu(tr("&Overlays"));
  contourAction_ = overlays->addAction(tr("LV &Contour"));
  contourAction_->setShortcut(Qt::Key_C);
  regionsAction_ = overlays->addAction(tr("gCNR &Regions"));
  regionsAction_->setShortcut(Qt::Key_G);
  contourAction_->setCheckable(true);
  regionsAction_->setCheckable(true);
  // Both restored before either can write the pair back.
  contourAction_->setChecked(QSettings().value("overlays/contour", true).toBool());
  regionsAction_->setChecked(QSettings().value("overlays/regions", false).toBool());
  for (QAction* action : {contourAction_, regionsAction_})
    connect(action, &QAction::toggled, this, [this] {
      QSettings settings;
      settings.setValue("overlays/contour", contourAction_->isChecked());
      settings.setValue("overlays/regions", regionsAction_->isChecked());
      updateOverlays();
    });
  view->addSeparator();
  view->addAction(analysisDock_->toggleViewAction());
  view->addAction(jobsDock_->toggleViewAction());

  QMenu* playback = menuBar()->addMenu(tr("&Playback"));
  playback->addAction(tr("Play / Pause"), Qt::Key_Space, player_, &ClipPlayer::togglePlay);
  playback->addAction(tr("Next Frame"), Qt::Key_Right, player_, &ClipPlayer::stepForward);
  playback->addAction(tr("Previous Frame"), Qt::Key_Left, player_, &ClipPlayer::stepBackward);
  playback->addAction(tr("First Frame"), Qt::Key_Home, this, [this] { player_->seek(0); });
  playback->addAction(tr("Last Frame"), Qt::Key_End, this,
                      [this] { player_->seek(player_->frameCount() - 1); });
  playback->addAction(tr("Next &End-Diastole"), Qt::Key_E, this, [this] { jumpToPhase(true); });
  playback->addAction(tr("Next End-&Systole"), Qt::Key_S, this, [this] { jumpToPhase(false); });
  QAction* loop = playback->addAction(tr("&Loop"));
  loop->setCheckable(true);
  loop->setChecked(true);
  connect(loop, &QAction::toggled, player_, &ClipPlayer::setLoop);
  QMenu* speed = playback->addMenu(tr("&Speed"));
  auto* speeds = new QActionGroup(speed);
  for (double factor : {0.25, 0.5, 1.0, 2.0}) {
    QAction* action = speed->addAction(tr("%1×").arg(factor));
    action->setCheckable(true);
    action->setChecked(factor == 1.0);
    speeds->addAction(action);
    connect(action, &QAction::triggered, this, [this, factor] { player_->setSpeed(factor); });
  }

  QMenu* tools = menuBar()->addMenu(tr("&Tools"));
  tools->addAction(tr("LV &Segmenter Model…"), this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("LV segmenter model folder"),
        QSettings().value("paths/lastModelFolder").toString());
    if (folder.isEmpty()) return;
    QSettings().setValue("paths/lastModelFolder", folder);
    try {
      setLvSegmentation(lvSegmentationFromModel(folder.toStdString()), folder);
    } catch (const std::exception& e) {
      reportError(tr("Could not load the LV segmenter"), QString::fromUtf8(e.what()));
    }
  });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About LatentEcho"), this, [this] {
    QMessageBox::about(this, tr("About LatentEcho"),
                       tr("LatentEcho %1\nEchocardiogram enhancement by latent space editing.")
                           .arg(QStringLiteral(LATENTECHO_VERSION)));
  });

  updateRecentMenu();
  statusBar()->showMessage(tr("Open a clip: File ▸ Open, or drop a file here."));
}

void MainWindow::chooseAndOpen() {
  QSettings settings;
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open clip"), settings.value("paths/lastOpenFolder").toString(),
      tr("Echo clips (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;All files (*)"));
  if (!path.isEmpty()) openClip(path);
}

QString MainWindow::chooseExportPath(const QString& title, const QString& defaultName,
                                     const QString& filter) {
  // Default names never carry the input's name: it may identify the patient.
  QSettings settings;
  const QString folder = settings.value("paths/lastExportFolder").toString();
  const QString path = QFileDialog::getSaveFileName(
      this, title, folder.isEmpty() ? defaultName : folder + QLatin1Char('/') + defaultName, filter);
  if (!path.isEmpty()) settings.setValue("paths/lastExportFolder", QFileInfo(path).absolutePath());
  return path;
}

void MainWindow::openClip(const QString& path) {
  if (loader_.isRunning()) {
    // Only the newest request matters; it is started when the running load finishes.
    pendingPath_ = path;
    return;
  }
  player_->pause();
  statusBar()->showMessage(tr("Loading %1…").arg(QFileInfo(path).fileName()));
  QApplication::setOverrideCursor(Qt::BusyCursor);
  loader_.setFuture(QtConcurrent::run(loadClip, path));
}

bool MainWindow::isLoading() const { return loader_.isRunning(); }

void MainWindow::onLoaded() {
  QApplication::restoreOverrideCursor();
  std::shared_ptr<LoadedClip> loaded = loader_.result();
  if (!pendingPath_.isEmpty()) {
    const QString next = std::exchange(pendingPath_, QString());
    openClip(next);
    return;
  }
  if (!loaded->error.isEmpty()) {
    reportError(tr("Could not open clip"), loaded->error);
    statusBar()->showMessage(tr("Could not open the clip."));
    emit loadFinished(false);
    return;
  }
  lastError_.clear();
  clip_ = loaded;
  QSettings settings;
  settings.setValue("paths/lastOpenFolder", QFileInfo(loaded->path).absolutePath());
  QStringList recent = settings.value("recentFiles").toStringList();
  recent.removeAll(loaded->path);
  recent.prepend(loaded->path);
  while (recent.size() > kMaxRecent) recent.removeLast();
  settings.setValue("recentFiles", recent);
  updateRecentMenu();

  // The views show the prepared clip (the sector the models see) when there is one.
  const Clip& shown = clip_->prepared ? *clip_->prepared : clip_->original;
  setWindowTitle(tr("%1 — LatentEcho Studio").arg(QFileInfo(loaded->path).fileName()));
  originalView_->setCaption(tr("Original"));
  viewTransform_->reset();
  frameSlider_->blockSignals(true);
  frameSlider_->setRange(0, shown.frameCount - 1);
  frameSlider_->setValue(0);
  frameSlider_->blockSignals(false);
  frameSlider_->setEnabled(shown.frameCount > 1);
  updateRenderer();
  measureOriginal();
  player_->setClip(shown.frameCount, shown.fps);
  showFrame(0);
  statusBar()->showMessage(
      clip_->prepared ? tr("%1: %n frame(s) at %2 fps", "", shown.frameCount)
                            .arg(QString::fromStdString(clip_->original.source))
                            .arg(player_->fps(), 0, 'f', 1)
                      : clip_->preparedNote);
  emit loadFinished(true);
}

void MainWindow::updateRenderer() {
  renderer_.reset();
  if (clip_ && clip_->prepared) {
    const ClassicalMethod method =
        classicalMethodFromName(methodBox_->currentData().toString().toStdString());
    renderer_ = std::make_shared<ClassicalRenderer>(clip_->prepared, method);
  }
  renderWorker_->setRenderer(renderer_);
  enhancedAnalysis_.reset();
  analysisPanel_->setEnhanced(nullptr, alpha_);
  if (renderer_) renderWorker_->request(alpha_, player_->currentFrame());
  updateEnhancedView();
}

void MainWindow::setAlpha(double alpha) {
  alpha = std::clamp(std::round(alpha * kAlphaSteps) / kAlphaSteps, 0.0, kAlphaMax);
  if (alpha == alpha_) return;
  undoStack_->push(new AlphaChange(this, alpha_, alpha));  // push() applies it (redo)
}

void MainWindow::applyAlpha(double alpha) {
  alpha_ = alpha;
  QSignalBlocker blockSlider(alphaSlider_), blockSpin(alphaSpin_);
  alphaSlider_->setValue(static_cast<int>(std::lround(alpha * kAlphaSteps)));
  alphaSpin_->setValue(alpha);
  enhancedAnalysis_.reset();  // it measured another α
  analysisPanel_->setEnhanced(nullptr, alpha);
  if (renderer_) renderWorker_->request(alpha_, player_->currentFrame());
  updateEnhancedView();
}

void MainWindow::setMethod(int index) { methodBox_->setCurrentIndex(index); }

void MainWindow::showFrame(int frame) {
  if (!clip_) return;
  const Clip& shown = clip_->prepared ? *clip_->prepared : clip_->original;
  originalView_->setFrame(toImage(shown, frame));
  if (renderer_ && renderWorker_->frame(alpha_, frame).isNull())
    renderWorker_->request(alpha_, frame);  // not rendered yet: this frame first
  updateEnhancedView();
  updateOverlays();
  analysisPanel_->setCurrentFrame(frame);
  frameSlider_->blockSignals(true);
  frameSlider_->setValue(frame);
  frameSlider_->blockSignals(false);
  frameLabel_->setText(tr("Frame %1 / %2").arg(frame + 1).arg(shown.frameCount));
}

void MainWindow::updateEnhancedView() {
  if (!clip_ || !renderer_) {
    enhancedView_->setFrame({});
    enhancedView_->setCaption(clip_ ? tr("No ultrasound sector found: nothing to enhance")
                                    : QString());
    originalView_->setWipeFrame({});
    return;
  }
  const QImage image = renderWorker_->frame(alpha_, player_->currentFrame());
  const QString caption = tr("Enhanced: %1, α %2").arg(renderer_->name()).arg(alpha_, 0, 'f', 2);
  // Until the new frame is there, the previous one stays up, marked as being rendered.
  if (!image.isNull()) {
    enhancedView_->setFrame(image);
    enhancedView_->setCaption(caption);
    originalView_->setWipeFrame(image);
  } else {
    enhancedView_->setCaption(caption + tr(" (rendering…)"));
  }
}

int MainWindow::exportEnhancedClip(const QString& path) {
  if (!clip_ || !renderer_) return -1;
  std::shared_ptr<const FrameRenderer> renderer = renderer_;
  std::shared_ptr<const Clip> prepared = clip_->prepared;
  const double alpha = alpha_;
  const std::string target = path.toStdString();
  return jobs_->start(tr("Export %1").arg(QFileInfo(path).fileName()),
                      [renderer, prepared, alpha, target](const Progress& progress) {
                        const Clip enhanced =
                            renderClip(*renderer, *prepared, alpha, progress.sub(0.0, 0.8));
                        writeClip(enhanced, target, progress.sub(0.8, 1.0));
                      });
}

int MainWindow::exportSideBySide(const QString& path) {
  if (!clip_ || !renderer_) return -1;
  std::shared_ptr<const FrameRenderer> renderer = renderer_;
  std::shared_ptr<const Clip> prepared = clip_->prepared;
  const double alpha = alpha_;
  const std::string target = path.toStdString();
  return jobs_->start(tr("Export %1").arg(QFileInfo(path).fileName()),
                      [renderer, prepared, alpha, target](const Progress& progress) {
                        const Clip enhanced =
                            renderClip(*renderer, *prepared, alpha, progress.sub(0.0, 0.8));
                        writeClip(sideBySide(*prepared, enhanced), target, progress.sub(0.8, 1.0));
                      });
}

bool MainWindow::saveFramePair(const QString& path) {
  if (!clip_ || !renderer_) {
    lastError_ = tr("Open a clip with an ultrasound sector first.");
    return false;
  }
  const QImage left = originalView_->frame();
  QImage right = renderWorker_->frame(alpha_, player_->currentFrame());
  if (right.isNull()) {
    try {  // not rendered yet: render it now, it is one frame
      right = renderer_->render(alpha_, {player_->currentFrame()}).at(0);
    } catch (const std::exception& e) {
      lastError_ = QString::fromUtf8(e.what());
      return false;
    }
  }
  QImage pair(left.width() + right.width(), std::max(left.height(), right.height()),
              QImage::Format_Grayscale8);
  pair.fill(0);
  QPainter painter(&pair);
  painter.drawImage(0, 0, left);
  painter.drawImage(left.width(), 0, right);
  painter.end();
  return savePng(pair, path, lastError_);
}

bool MainWindow::saveScreenshot(const QString& path) {
  return savePng(grab().toImage(), path, lastError_);
}

bool MainWindow::ensureSegmentation() {
  if (segmentation_) return true;
  try {
    segmentation_ = lvSegmentationFromModel(defaultSegmenterFolder());
    segmentationNote_ = tr("LV masks by the bundled segmenter.");
  } catch (const std::exception& e) {
    analysisPanel_->setNote(
        tr("No measurements: no LV segmenter could be loaded (%1). Choose one with Tools ▸ LV "
           "Segmenter Model…")
            .arg(QString::fromUtf8(e.what())));
    return false;
  }
  return true;
}

void MainWindow::setLvSegmentation(LvSegmentation segmentation, const QString& description) {
  segmentation_ = std::move(segmentation);
  segmentationNote_ = tr("LV masks by %1.").arg(description);
  measureOriginal();
  enhancedAnalysis_.reset();
  analysisPanel_->setEnhanced(nullptr, alpha_);
  if (renderer_ && renderWorker_->renderedCount(alpha_) == renderer_->frameCount())
    measureEnhanced();
}

void MainWindow::measureOriginal() {
  originalAnalysis_.reset();
  analysisPanel_->setOriginal(nullptr);
  updateOverlays();
  if (!clip_ || !clip_->prepared || !ensureSegmentation()) return;
  analysisPanel_->setNote(segmentationNote_);
  auto result = std::make_shared<std::shared_ptr<const ClipAnalysis>>();
  const std::shared_ptr<const Clip> frames = clip_->prepared;
  const LvSegmentation segment = segmentation_;
  const std::shared_ptr<LoadedClip> measured = clip_;
  jobs_->start(
      tr("Measure the original"),
      [result, frames, segment](const Progress& progress) {
        *result = std::make_shared<const ClipAnalysis>(analyseClip(*frames, segment, progress));
      },
      [this, result, measured] {
        if (clip_ != measured) return;  // another clip was opened meanwhile
        originalAnalysis_ = *result;
        analysisPanel_->setOriginal(originalAnalysis_);
        updateOverlays();
      });
}

void MainWindow::measureEnhanced() {
  if (enhancedMeasureJob_ >= 0) jobs_->cancel(enhancedMeasureJob_);
  enhancedMeasureJob_ = -1;
  if (!clip_ || !renderer_ || !segmentation_) return;
  // The clip at the current α, from the render worker's frames (all are rendered by now).
  auto frames = std::make_shared<Clip>(*clip_->prepared);
  for (int i = 0; i < frames->frameCount; ++i) {
    const QImage image =
        renderWorker_->frame(alpha_, i).convertToFormat(QImage::Format_Grayscale8);
    if (image.isNull() || image.width() != frames->width || image.height() != frames->height)
      return;  // superseded meanwhile: the next full render measures again
    for (int y = 0; y < frames->height; ++y)
      std::memcpy(frames->frame(i) + static_cast<std::size_t>(y) * frames->width,
                  image.constScanLine(y), frames->width);
  }
  auto result = std::make_shared<std::shared_ptr<const ClipAnalysis>>();
  const LvSegmentation segment = segmentation_;
  const double alpha = alpha_;
  const std::shared_ptr<const FrameRenderer> renderer = renderer_;
  enhancedMeasureJob_ = jobs_->start(
      tr("Measure the enhanced clip (α %1)").arg(alpha, 0, 'f', 2),
      [result, frames, segment](const Progress& progress) {
        *result = std::make_shared<const ClipAnalysis>(analyseClip(*frames, segment, progress));
      },
      [this, result, alpha, renderer] {
        if (alpha != alpha_ || renderer != renderer_) return;
        enhancedAnalysis_ = *result;
        analysisPanel_->setEnhanced(enhancedAnalysis_, alpha);
        updateOverlays();
      });
}

void MainWindow::setOverlays(bool contour, bool regions) {
  contourAction_->setChecked(contour);
  regionsAction_->setChecked(regions);
}

void MainWindow::updateOverlays() {
  const int frame = player_->currentFrame();
  const bool contour = contourAction_ && contourAction_->isChecked();
  const bool regions = regionsAction_ && regionsAction_->isChecked();
  const QImage original =
      originalAnalysis_ ? analysisOverlay(*originalAnalysis_, frame, contour, regions) : QImage();
  const QImage enhanced =
      enhancedAnalysis_ ? analysisOverlay(*enhancedAnalysis_, frame, contour, regions) : QImage();
  originalView_->setOverlay(original);
  enhancedView_->setOverlay(enhanced);
  originalView_->setWipeOverlay(enhanced);
}

void MainWindow::jumpToPhase(bool endDiastole) {
  if (!originalAnalysis_) return;
  const std::vector<int>& frames = endDiastole ? originalAnalysis_->lv.phases.edFrames
                                               : originalAnalysis_->lv.phases.esFrames;
  if (frames.empty()) {
    statusBar()->showMessage(endDiastole ? tr("No end-diastole found in this clip.")
                                         : tr("No end-systole found in this clip."),
                             5000);
    return;
  }
  player_->pause();
  const int current = player_->currentFrame();
  const auto next = std::upper_bound(frames.begin(), frames.end(), current);
  player_->seek(next != frames.end() ? *next : frames.front());
}

bool MainWindow::saveMeasurements(const QString& path) {
  if (!originalAnalysis_) {
    lastError_ = tr("Nothing measured yet: open a clip and wait for the measurements.");
    return false;
  }
  const ClipAnalysis* enhanced = enhancedAnalysis_.get();
  const auto value = [](const std::vector<double>& v, int i) {
    return i < static_cast<int>(v.size()) ? v[static_cast<std::size_t>(i)] : NAN;
  };
  QByteArray bytes;
  if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
    auto summary = [](const ClipAnalysis& a) {
      QJsonObject o;
      o["lvefPercent"] = std::isfinite(a.lv.ejectionFractionPercent)
                             ? QJsonValue(a.lv.ejectionFractionPercent) : QJsonValue();
      o["gcnrMean"] = std::isfinite(a.gcnr.mean) ? QJsonValue(a.gcnr.mean) : QJsonValue();
      QJsonArray ed, es, area;
      for (int f : a.lv.phases.edFrames) ed.append(f);
      for (int f : a.lv.phases.esFrames) es.append(f);
      for (double v : a.lv.areaPixels) area.append(v);
      o["edFrames"] = ed;
      o["esFrames"] = es;
      o["lvAreaPixels"] = area;
      return o;
    };
    QJsonObject root;
    root["method"] = renderer_ ? renderer_->name() : QString();
    root["alpha"] = alpha_;
    root["original"] = summary(*originalAnalysis_);
    root["enhanced"] = enhanced ? QJsonValue(summary(*enhanced)) : QJsonValue();
    bytes = QJsonDocument(root).toJson();
  } else {
    QTextStream out(&bytes);
    out << "frame,lv_area_original_px,lv_area_enhanced_px,gcnr_original,gcnr_enhanced\n";
    for (std::size_t i = 0; i < originalAnalysis_->lv.areaPixels.size(); ++i) {
      const int f = static_cast<int>(i);
      out << f << ',' << originalAnalysis_->lv.areaPixels[i] << ','
          << (enhanced ? value(enhanced->lv.areaPixels, f) : NAN) << ','
          << value(originalAnalysis_->gcnr.perFrame, f) << ','
          << (enhanced ? value(enhanced->gcnr.perFrame, f) : NAN) << '\n';
    }
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
    lastError_ = tr("Could not write %1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

void MainWindow::reportError(const QString& title, const QString& message) {
  lastError_ = message;
  statusBar()->showMessage(title);
  // Tests and batch use run without anyone to click the box away.
  if (!QApplication::platformName().contains(QLatin1String("offscreen")))
    QMessageBox::warning(this, title, message);
}

void MainWindow::updateRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = QSettings().value("recentFiles").toStringList();
  for (const QString& path : recent)
    recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openClip(path); })
        ->setToolTip(path);
  recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.first().isLocalFile()) openClip(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (jobs_->anyRunning()) {
    const auto answer = QMessageBox::question(
        this, tr("Jobs are running"),
        tr("Quitting cancels the running jobs; their files are not written. Quit anyway?"));
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
    jobs_->cancelAll();
  }
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  event->accept();
}

}  // namespace latentecho::studio

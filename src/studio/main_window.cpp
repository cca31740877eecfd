#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
#include <QTextStream>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>
#include <cstring>

#include "analysis_panel.h"
#include "batch_queue.h"
#include "classical_renderer.h"
#include "clip_player.h"
#include "frame_view.h"
#include "job_list.h"
#include "job_manager.h"
#include "latent_renderer.h"
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
      : window_(window),
        before_(before),
        after_(after),
        when_(QDateTime::currentMSecsSinceEpoch()) {
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

std::shared_ptr<LoadedClip> loadClip(const QString& path, int frames) {
  auto loaded = std::make_shared<LoadedClip>();
  loaded->path = path;
  try {
    loaded->original = readClip(path.toStdString());
    try {
      PrepareOptions options;
      options.frames = frames;  // the window every method enhances (Preferences; 0 = all)
      loaded->prepared = std::make_shared<const Clip>(prepareClip(loaded->original, options).clip);
    } catch (const Error& e) {
      loaded->preparedNote = QString::fromStdString(e.what());
    }
  } catch (const std::exception& e) {
    loaded->error = QString::fromStdString(e.what());
  }
  return loaded;
}

// One frame with its overlay drawn over it, as the views draw it.
void drawWithOverlay(QPainter& painter, int x, const Clip& clip, const ClipAnalysis& analysis,
                     int frame, bool contour, bool regions) {
  painter.drawImage(x, 0, toImage(clip, frame));
  const QImage overlay = analysisOverlay(analysis, frame, contour, regions);
  if (!overlay.isNull()) painter.drawImage(QRect(x, 0, clip.width, clip.height), overlay);
}

// The side-by-side clip in colour, the overlays drawn on both halves.
RgbClip sideBySideWithOverlays(const Clip& left, const ClipAnalysis& leftAnalysis,
                               const Clip& right, const ClipAnalysis& rightAnalysis, bool contour,
                               bool regions) {
  RgbClip out;
  out.frameCount = left.frameCount;
  out.width = left.width + right.width;
  out.height = std::max(left.height, right.height);
  out.fps = left.fps;
  const std::size_t frameBytes = static_cast<std::size_t>(out.width) * out.height * 3;
  out.pixels.resize(frameBytes * static_cast<std::size_t>(out.frameCount));
  QImage canvas(out.width, out.height, QImage::Format_RGB888);
  for (int t = 0; t < out.frameCount; ++t) {
    canvas.fill(Qt::black);
    QPainter painter(&canvas);
    drawWithOverlay(painter, 0, left, leftAnalysis, t, contour, regions);
    drawWithOverlay(painter, left.width, right, rightAnalysis, t, contour, regions);
    painter.end();
    for (int y = 0; y < out.height; ++y)
      std::memcpy(out.pixels.data() + static_cast<std::size_t>(t) * frameBytes +
                      static_cast<std::size_t>(y) * out.width * 3,
                  canvas.constScanLine(y), static_cast<std::size_t>(out.width) * 3);
  }
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
    playButton_->setIcon(
        style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
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
  connect(renderWorker_, &RenderWorker::failed, this,
          [this](const QString& message) { reportError(tr("Rendering failed"), message); });
  connect(jobs_, &JobManager::jobChanged, this, [this](int id) {
    if (id != tuneJob_) return;
    const JobManager::Status status = jobs_->status(id);
    if (status.state != JobManager::State::Running) return;
    const QString left = JobManager::timeLeftText(status.secondsLeft);
    // The caption is one line: the share done and the time left; the stage is in the status bar
    // and the Jobs panel.
    latentNote_ = tr("Tuning the generator to this clip: %1 %")
                      .arg(static_cast<int>(status.fraction * 100.0)) +
                  (left.isEmpty() ? QString() : QStringLiteral(" — ") + left);
    statusBar()->showMessage(status.title + QStringLiteral(": ") + status.stage, 5000);
    updateEnhancedView();
  });
  connect(jobs_, &JobManager::jobFinished, this, [this](int id, JobManager::State state) {
    const JobManager::Status status = jobs_->status(id);
    if (id == tuneJob_ && state != JobManager::State::Finished) {
      latentNote_ = state == JobManager::State::Cancelled
                        ? tr("Tuning cancelled. Tools ▸ Tune Again starts it again.")
                        : tr("Tuning failed: %1").arg(status.error);
      updateEnhancedView();
    }
    if (state == JobManager::State::Failed)
      reportError(tr("%1 failed").arg(status.title), status.error);
    else if (state == JobManager::State::Cancelled)
      statusBar()->showMessage(tr("%1: cancelled").arg(status.title), 5000);
    else if (id == sweepJob_ && !sweepNote_.isEmpty())
      statusBar()->showMessage(
          tr("%1: done").arg(status.title) + QStringLiteral(" — ") + sweepNote_, 20000);
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

void MainWindow::translated(std::function<void()> apply) {
  apply();
  retranslations_.push_back(std::move(apply));
}

QMenu* MainWindow::addMenu(QMenu* parent, Text title) {
  QMenu* menu = parent ? parent->addMenu(title()) : menuBar()->addMenu(title());
  translated([menu, title] { menu->setTitle(title()); });
  return menu;
}

QAction* MainWindow::addAction(QMenu* menu, Text text, std::function<void()> slot,
                               const QKeySequence& shortcut) {
  QAction* action = menu->addAction(text());
  if (!shortcut.isEmpty()) action->setShortcut(shortcut);
  if (slot) connect(action, &QAction::triggered, this, [slot] { slot(); });
  translated([action, text] { action->setText(text()); });
  return action;
}

void MainWindow::buildUi() {
  translated([this] {
    setWindowTitle(clip_ ? tr("%1 — LatentEcho Studio").arg(QFileInfo(clip_->path).fileName())
                         : tr("LatentEcho Studio"));
  });

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  auto* splitter = new QSplitter(Qt::Horizontal, central);
  originalView_ = new FrameView(splitter);
  originalView_->setTransform(viewTransform_);
  enhancedView_ = new FrameView(splitter);
  enhancedView_->setTransform(viewTransform_);
  translated([this] {
    originalView_->setAccessibleName(tr("Original clip"));
    enhancedView_->setAccessibleName(tr("Enhanced clip"));
  });
  splitter->addWidget(originalView_);
  splitter->addWidget(enhancedView_);
  layout->addWidget(splitter, 1);

  auto* playback = new QHBoxLayout();
  playButton_ = new QToolButton(central);
  playButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
  connect(playButton_, &QToolButton::clicked, player_, &ClipPlayer::togglePlay);
  frameSlider_ = new QSlider(Qt::Horizontal, central);
  frameSlider_->setEnabled(false);
  connect(frameSlider_, &QSlider::valueChanged, player_, &ClipPlayer::seek);
  frameLabel_ = new QLabel(central);
  frameLabel_->setMinimumWidth(110);
  translated([this] {
    playButton_->setToolTip(tr("Play / pause (Space)"));
    playButton_->setAccessibleName(tr("Play or pause"));
    frameSlider_->setAccessibleName(tr("Frame"));
    if (!clip_) frameLabel_->setText(tr("No clip"));
  });
  playback->addWidget(playButton_);
  playback->addWidget(frameSlider_, 1);
  playback->addWidget(frameLabel_);
  layout->addLayout(playback);

  auto* edit = new QHBoxLayout();
  auto* methodLabel = new QLabel(central);
  methodBox_ = new QComboBox(central);
  methodBox_->addItem(QString(), QStringLiteral("latent"));
  methodBox_->addItem(QString(), QStringLiteral("nlm"));
  methodBox_->addItem(QString(), QStringLiteral("bilateral"));
  methodLabel->setBuddy(methodBox_);
  translated([this, methodLabel] {
    methodLabel->setText(tr("&Method:"));
    methodBox_->setAccessibleName(tr("Enhancement method"));
    methodBox_->setItemText(0, tr("Latent edit"));
    methodBox_->setItemText(1, tr("Non-local means"));
    methodBox_->setItemText(2, tr("Bilateral filter"));
  });
  // The latent edit by default, where its models are there; else the first baseline.
  const QString defaultMethod = LatentEditSettings::fromSettings().missingModels().isEmpty()
                                    ? QStringLiteral("latent")
                                    : QStringLiteral("nlm");
  const int savedMethod = methodBox_->findData(QSettings().value("enhance/method", defaultMethod));
  methodBox_->setCurrentIndex(std::max(0, savedMethod));
  connect(methodBox_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    QSettings().setValue("enhance/method", methodBox_->currentData());
    updateRenderer();
  });
  auto* alphaLabel = new QLabel(central);
  alphaSlider_ = new QSlider(Qt::Horizontal, central);
  alphaSlider_->setRange(0, static_cast<int>(kAlphaMax * kAlphaSteps));
  alphaSlider_->setValue(static_cast<int>(std::lround(alpha_ * kAlphaSteps)));
  alphaLabel->setBuddy(alphaSlider_);
  alphaSpin_ = new QDoubleSpinBox(central);
  alphaSpin_->setRange(0.0, kAlphaMax);
  alphaSpin_->setSingleStep(0.05);
  alphaSpin_->setDecimals(2);
  alphaSpin_->setValue(alpha_);
  translated([this, alphaLabel] {
    alphaLabel->setText(tr("&α:"));
    alphaSlider_->setAccessibleName(tr("Edit strength α"));
    alphaSpin_->setAccessibleName(tr("Edit strength α value"));
  });
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

  jobsDock_ = new QDockWidget(this);
  jobsDock_->setObjectName(QStringLiteral("jobsDock"));
  jobsDock_->setWidget(new JobList(jobs_, jobsDock_));

  analysisDock_ = new QDockWidget(this);
  analysisDock_->setObjectName(QStringLiteral("analysisDock"));
  analysisPanel_ = new AnalysisPanel(analysisDock_);
  analysisDock_->setWidget(analysisPanel_);
  addDockWidget(Qt::RightDockWidgetArea, analysisDock_);
  connect(analysisPanel_, &AnalysisPanel::seekRequested, player_, &ClipPlayer::seek);
  connect(analysisPanel_, &AnalysisPanel::sweepRequested, this, [this] { startAlphaSweep(); });
  // Jobs under the measurements: progress stays in sight without taking space from the views.
  addDockWidget(Qt::RightDockWidgetArea, jobsDock_);
  splitDockWidget(analysisDock_, jobsDock_, Qt::Vertical);
  resizeDocks({analysisDock_, jobsDock_}, {4, 1}, Qt::Vertical);
  jobsDock_->hide();
  connect(jobs_, &JobManager::jobAdded, jobsDock_, &QWidget::show);

  batchDock_ = new QDockWidget(this);
  batchDock_->setObjectName(QStringLiteral("batchDock"));
  batchQueue_ = new BatchQueue(
      jobs_,
      [this] {
        BatchSetup setup;
        setup.method = method();
        setup.alpha = alpha_;
        setup.latent = LatentEditSettings::fromSettings();
        setup.frames = setup.latent.frames;
        if (ensureSegmentation()) setup.segmentation = segmentation_;
        return setup;
      },
      batchDock_);
  batchDock_->setWidget(batchQueue_);
  addDockWidget(Qt::BottomDockWidgetArea, batchDock_);
  batchDock_->hide();
  translated([this] {
    jobsDock_->setWindowTitle(tr("Jobs"));
    analysisDock_->setWindowTitle(tr("Measurements"));
    batchDock_->setWindowTitle(tr("Batch Queue"));
  });
  resize(1400, 760);
}

void MainWindow::buildMenus() {
  QMenu* file = addMenu(nullptr, [] { return tr("&File"); });
  addAction(
      file, [] { return tr("&Open…"); }, [this] { chooseAndOpen(); }, QKeySequence::Open);
  recentMenu_ = addMenu(file, [] { return tr("Open &Recent"); });
  file->addSeparator();
  QMenu* exports = addMenu(file, [] { return tr("&Export"); });
  addAction(
      exports, [] { return tr("&Enhanced Clip…"); },
      [this] {
        const QString path =
            chooseExportPath(tr("Export enhanced clip"), QStringLiteral("enhanced.mp4"),
                             tr("Video (*.mp4 *.avi);;GIF (*.gif)"));
        if (!path.isEmpty()) exportEnhancedClip(path);
      });
  addAction(
      exports, [] { return tr("&Side-by-Side Clip…"); },
      [this] {
        const QString path =
            chooseExportPath(tr("Export side-by-side clip"), QStringLiteral("side_by_side.mp4"),
                             tr("Video (*.mp4 *.avi);;GIF (*.gif)"));
        if (!path.isEmpty()) exportSideBySide(path);
      });
  addAction(
      exports, [] { return tr("Current &Frame Pair…"); },
      [this] {
        const QString path = chooseExportPath(
            tr("Save frame pair"), QStringLiteral("frame_pair.png"), tr("PNG image (*.png)"));
        if (!path.isEmpty() && !saveFramePair(path)) reportError(tr("Export failed"), lastError_);
      });
  addAction(
      exports, [] { return tr("&Measurements…"); },
      [this] {
        const QString path =
            chooseExportPath(tr("Export measurements"), QStringLiteral("measurements.csv"),
                             tr("CSV table (*.csv);;JSON (*.json)"));
        if (!path.isEmpty() && !saveMeasurements(path))
          reportError(tr("Export failed"), lastError_);
      });
  addAction(
      exports, [] { return tr("&Window Screenshot…"); },
      [this] {
        const QString path = chooseExportPath(
            tr("Save screenshot"), QStringLiteral("screenshot.png"), tr("PNG image (*.png)"));
        if (!path.isEmpty() && !saveScreenshot(path)) reportError(tr("Export failed"), lastError_);
      });
  file->addSeparator();
  addAction(
      file, [] { return tr("&Quit"); }, [this] { close(); }, QKeySequence::Quit);

  QMenu* editMenu = addMenu(nullptr, [] { return tr("&Edit"); });
  QAction* undo = undoStack_->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = undoStack_->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  translated([this, undo, redo] {
    // QUndoStack's actions read the prefix when the stack changes; refresh them now.
    undo->setText(undoStack_->canUndo() ? tr("&Undo %1").arg(undoStack_->undoText()) : tr("&Undo"));
    redo->setText(undoStack_->canRedo() ? tr("&Redo %1").arg(undoStack_->redoText()) : tr("&Redo"));
  });
  editMenu->addAction(undo);
  editMenu->addAction(redo);
  editMenu->addSeparator();
  QAction* preferences = addAction(
      editMenu, [] { return tr("&Preferences…"); },
      [this] {
        PreferencesDialog dialog(this);
        if (dialog.exec() == QDialog::Accepted) {
          dialog.save();
          statusBar()->showMessage(
              tr("Preferences saved. Tuning steps and frames apply to the clips opened next."),
              8000);
        }
      });
  preferences->setShortcut(QKeySequence::Preferences);
  preferences->setMenuRole(QAction::PreferencesRole);

  QMenu* view = addMenu(nullptr, [] { return tr("&View"); });
  wipeAction_ = addAction(
      view, [] { return tr("&Wipe Instead of Side by Side"); }, {}, QKeySequence(Qt::Key_W));
  wipeAction_->setCheckable(true);
  connect(wipeAction_, &QAction::toggled, this, [this](bool wipe) {
    originalView_->setWipe(wipe);
    enhancedView_->setVisible(!wipe);
    updateEnhancedView();
  });
  view->addSeparator();
  addAction(
      view, [] { return tr("Zoom &In"); }, [this] { viewTransform_->zoomBy(1.25); },
      QKeySequence::ZoomIn);
  addAction(
      view, [] { return tr("Zoom &Out"); }, [this] { viewTransform_->zoomBy(0.8); },
      QKeySequence::ZoomOut);
  addAction(
      view, [] { return tr("&Fit"); }, [this] { viewTransform_->reset(); },
      QKeySequence(Qt::CTRL | Qt::Key_0));
  view->addSeparator();
  QMenu* overlays = addMenu(view, [] { return tr("&Overlays"); });
  contourAction_ = addAction(
      overlays, [] { return tr("LV &Contour"); }, {}, QKeySequence(Qt::Key_C));
  regionsAction_ = addAction(
      overlays, [] { return tr("gCNR &Regions"); }, {}, QKeySequence(Qt::Key_G));
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
  view->addAction(batchDock_->toggleViewAction());

  QMenu* playback = addMenu(nullptr, [] { return tr("&Playback"); });
  addAction(
      playback, [] { return tr("Play / Pause"); }, [this] { player_->togglePlay(); },
      QKeySequence(Qt::Key_Space));
  addAction(
      playback, [] { return tr("Next Frame"); }, [this] { player_->stepForward(); },
      QKeySequence(Qt::Key_Right));
  addAction(
      playback, [] { return tr("Previous Frame"); }, [this] { player_->stepBackward(); },
      QKeySequence(Qt::Key_Left));
  addAction(
      playback, [] { return tr("First Frame"); }, [this] { player_->seek(0); },
      QKeySequence(Qt::Key_Home));
  addAction(
      playback, [] { return tr("Last Frame"); },
      [this] { player_->seek(player_->frameCount() - 1); }, QKeySequence(Qt::Key_End));
  addAction(
      playback, [] { return tr("Next &End-Diastole"); }, [this] { jumpToPhase(true); },
      QKeySequence(Qt::Key_E));
  addAction(
      playback, [] { return tr("Next End-&Systole"); }, [this] { jumpToPhase(false); },
      QKeySequence(Qt::Key_S));
  QAction* loop = addAction(playback, [] { return tr("&Loop"); }, {});
  loop->setCheckable(true);
  loop->setChecked(true);
  connect(loop, &QAction::toggled, player_, &ClipPlayer::setLoop);
  QMenu* speed = addMenu(playback, [] { return tr("&Speed"); });
  auto* speeds = new QActionGroup(speed);
  for (double factor : {0.25, 0.5, 1.0, 2.0}) {
    QAction* action = speed->addAction(QString());
    translated([action, factor] { action->setText(tr("%1×").arg(factor)); });
    action->setCheckable(true);
    action->setChecked(factor == 1.0);
    speeds->addAction(action);
    connect(action, &QAction::triggered, this, [this, factor] { player_->setSpeed(factor); });
  }

  QMenu* tools = addMenu(nullptr, [] { return tr("&Tools"); });
  QMenu* models = addMenu(tools, [] { return tr("Latent Edit &Model"); });
  addAction(
      models, [] { return tr("&Generator Folder…"); },
      [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("StyleGAN2 generator model folder"),
            QSettings().value("paths/lastModelFolder").toString());
        if (folder.isEmpty()) return;
        QSettings().setValue("paths/lastModelFolder", folder);
        setLatentModels(folder, LatentEditSettings::fromSettings().encoderFolder);
      });
  addAction(
      models, [] { return tr("&Encoder Folder…"); },
      [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("e4e encoder model folder"),
            QSettings().value("paths/lastModelFolder").toString());
        if (folder.isEmpty()) return;
        QSettings().setValue("paths/lastModelFolder", folder);
        setLatentModels(LatentEditSettings::fromSettings().generatorFolder, folder);
      });
  addAction(
      models, [] { return tr("Use the &Bundled Models"); },
      [this] { setLatentModels(QString(), QString()); });
  QMenu* directions = addMenu(tools, [] { return tr("Edit &Direction"); });
  addAction(
      directions, [] { return tr("&Bundled (Synthetic Pairs)"); },
      [this] { setDirectionFile(QString()); });
  addAction(
      directions, [] { return tr("&Load…"); },
      [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Edit direction"), QSettings().value("paths/lastModelFolder").toString(),
            tr("Direction tensor (*.pt);;All files (*)"));
        if (path.isEmpty()) return;
        QSettings().setValue("paths/lastModelFolder", QFileInfo(path).absolutePath());
        setDirectionFile(path);
      });
  addAction(
      directions, [] { return tr("Compute the &Real Direction…"); },
      [this] {
        const QString hq =
            QFileDialog::getExistingDirectory(this, tr("Folder of high-quality clips"));
        if (hq.isEmpty()) return;
        const QString lq =
            QFileDialog::getExistingDirectory(this, tr("Folder of low-quality clips"));
        if (lq.isEmpty()) return;
        const QString out = QFileDialog::getSaveFileName(this, tr("Save the direction"),
                                                         QStringLiteral("direction-real.pt"),
                                                         tr("Direction tensor (*.pt)"));
        if (!out.isEmpty()) computeRealDirection(hq, lq, out);
      });
  addAction(
      tools, [] { return tr("&Tune Again"); }, [this] { tuneAgain(); });
  addAction(
      tools, [] { return tr("gCNR and P_hq vs α &Sweep"); }, [this] { startAlphaSweep(); });
  QAction* batch = batchDock_->toggleViewAction();
  tools->addAction(batch);
  tools->addSeparator();
  addAction(
      tools, [] { return tr("LV &Segmenter Model…"); },
      [this] {
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
  addAction(
      tools, [] { return tr("&Quality Model (P_hq)…"); },
      [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Quality classifier model folder"),
            QSettings().value("paths/lastModelFolder").toString());
        if (folder.isEmpty()) return;
        QSettings().setValue("paths/lastModelFolder", folder);
        setQualityModelFolder(folder);
        if (!ensureQualityScore())
          reportError(tr("Could not load the quality model"), qualityScoreError_);
      });

  QMenu* help = addMenu(nullptr, [] { return tr("&Help"); });
  addAction(
      help, [] { return tr("&About LatentEcho"); },
      [this] {
        QMessageBox::about(this, tr("About LatentEcho"),
                           tr("LatentEcho %1\nEchocardiogram enhancement by latent space editing.")
                               .arg(QStringLiteral(LATENTECHO_VERSION)));
      });

  updateRecentMenu();
  statusBar()->showMessage(tr("Open a clip: File ▸ Open, or drop a file here."));
}

void MainWindow::retranslateUi() {
  for (const auto& apply : retranslations_) apply();
  if (clip_) originalView_->setCaption(tr("Original"));
  if (clip_) showFrame(player_->currentFrame());  // frame label, captions
  updateEnhancedView();
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QMainWindow::changeEvent(event);
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
      this, title, folder.isEmpty() ? defaultName : folder + QLatin1Char('/') + defaultName,
      filter);
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
  loader_.setFuture(QtConcurrent::run(loadClip, path, LatentEditSettings::fromSettings().frames));
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
  if (tuneJob_ >= 0) jobs_->cancel(tuneJob_);  // it tunes for the previous clip
  tuneJob_ = -1;
  latent_.reset();
  latentNote_.clear();
  sweep_.reset();
  analysisPanel_->setSweep(nullptr, alpha_);
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
  setWindowTitle(tr("%1 — LatentEcho Studio").arg(QFileInfo(clip_->path).fileName()));
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
  statusBar()->showMessage(clip_->prepared
                               ? tr("%1: %n frame(s) at %2 fps", "", shown.frameCount)
                                     .arg(QString::fromStdString(clip_->original.source))
                                     .arg(player_->fps(), 0, 'f', 1)
                               : clip_->preparedNote);
  emit loadFinished(true);
}

void MainWindow::updateRenderer() {
  renderer_.reset();
  if (clip_ && clip_->prepared) {
    if (method() == QLatin1String("latent")) {
      if (latent_)
        renderer_ = latent_;
      else
        startTuning();
    } else {
      const ClassicalMethod method = classicalMethodFromName(this->method().toStdString());
      renderer_ = std::make_shared<ClassicalRenderer>(clip_->prepared, method);
    }
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
  analysisPanel_->setSweepAlpha(alpha);
  updateEnhancedView();
}

void MainWindow::setMethod(const QString& method) {
  methodBox_->setCurrentIndex(std::max(0, methodBox_->findData(method)));
}

QString MainWindow::method() const { return methodBox_->currentData().toString(); }

void MainWindow::startTuning() {
  if (!clip_ || !clip_->prepared) return;
  if (tuneJob_ >= 0 && jobs_->status(tuneJob_).state == JobManager::State::Running) return;
  const LatentEditSettings settings = LatentEditSettings::fromSettings();
  const QString missing = settings.missingModels();
  if (!missing.isEmpty()) {
    latentNote_ = missing;
    statusBar()->showMessage(missing, 10000);
    return;
  }
  auto result = std::make_shared<std::shared_ptr<LatentRenderer>>();
  const std::shared_ptr<LoadedClip> clip = clip_;
  const QSize size(clip->prepared->width, clip->prepared->height);
  latentNote_ = tr("Tuning the generator to this clip…");
  tuneJob_ = jobs_->start(
      tr("Tune to %1").arg(QFileInfo(clip->path).fileName()),
      [result, clip, settings, size](const Progress& progress) {
        LatentEditSettings window = settings;
        window.frames = clip->prepared->frameCount == clip->original.frameCount
                            ? 0  // the whole clip: whatever "frames" said, it covered it all
                            : clip->prepared->frameCount;
        *result = tuneLatentRenderer(window, clip->original, QFileInfo(clip->path).fileName(), size,
                                     progress);
        if ((*result)->frameCount() != clip->prepared->frameCount)
          throw Error("the tuned clip has " + std::to_string((*result)->frameCount()) +
                      " frames, the shown one " + std::to_string(clip->prepared->frameCount));
      },
      [this, result, clip, generation = latentGeneration_] {
        // Another clip was opened meanwhile, or other models chosen.
        if (clip_ != clip || generation != latentGeneration_) return;
        latent_ = *result;
        latentNote_.clear();
        if (method() == QLatin1String("latent")) updateRenderer();
      });
  updateEnhancedView();
}

void MainWindow::tuneAgain() {
  if (tuneJob_ >= 0 && jobs_->status(tuneJob_).state == JobManager::State::Running) return;
  latent_.reset();
  if (method() == QLatin1String("latent"))
    updateRenderer();
  else
    setMethod(QStringLiteral("latent"));  // starts tuning through the method box
}

void MainWindow::setLatentModels(const QString& generatorFolder, const QString& encoderFolder) {
  QSettings settings;
  settings.setValue(settings_keys::kGeneratorFolder, generatorFolder);
  settings.setValue(settings_keys::kEncoderFolder, encoderFolder);
  // The tuned generator belongs to the old models: drop it, stop tuning for them.
  if (tuneJob_ >= 0) jobs_->cancel(tuneJob_);
  tuneJob_ = -1;
  latent_.reset();
  ++latentGeneration_;
  statusBar()->showMessage(tr("Latent edit models: generator %1, encoder %2")
                               .arg(generatorFolder.isEmpty() ? tr("bundled") : generatorFolder,
                                    encoderFolder.isEmpty() ? tr("bundled") : encoderFolder),
                           8000);
  if (method() == QLatin1String("latent")) updateRenderer();
}

void MainWindow::setDirectionFile(const QString& path) {
  QSettings().setValue(settings_keys::kDirectionFile, path);
  statusBar()->showMessage(
      tr("Edit direction: %1").arg(path.isEmpty() ? tr("bundled (synthetic pairs)") : path), 8000);
  if (!latent_) {
    if (method() == QLatin1String("latent")) updateRenderer();
    return;
  }
  try {  // the tuned generator stays: only the direction changes
    latent_ = std::make_shared<LatentRenderer>(
        latent_->tuned(), loadEditDirection(LatentEditSettings::fromSettings()),
        QSize(clip_->prepared->width, clip_->prepared->height));
  } catch (const std::exception& e) {
    latent_.reset();
    latentNote_ = QString::fromUtf8(e.what());
    reportError(tr("Could not use the edit direction"), latentNote_);
  }
  if (method() == QLatin1String("latent")) updateRenderer();
}

int MainWindow::computeRealDirection(const QString& highQualityFolder,
                                     const QString& lowQualityFolder, const QString& outFile) {
  const LatentEditSettings settings = LatentEditSettings::fromSettings();
  return jobs_->start(
      tr("Real direction from %1 and %2")
          .arg(QFileInfo(highQualityFolder).fileName(), QFileInfo(lowQualityFolder).fileName()),
      [settings, highQualityFolder, lowQualityFolder, outFile](const Progress& progress) {
        studio::computeRealDirection(settings, highQualityFolder, lowQualityFolder, outFile,
                                     progress);
      },
      [this, outFile] { setDirectionFile(outFile); });
}

int MainWindow::startAlphaSweep(const std::vector<double>& alphas) {
  if (!clip_ || !clip_->prepared || !renderer_ || alphas.empty()) {
    statusBar()->showMessage(tr("Open a clip and wait for its enhanced view before sweeping α."),
                             8000);
    return -1;
  }
  if (sweepJob_ >= 0) jobs_->cancel(sweepJob_);
  LvSegmentation segment;
  if (ensureSegmentation()) segment = segmentation_;
  const std::shared_ptr<const FrameRenderer> renderer = renderer_;
  const std::shared_ptr<const Clip> prepared = clip_->prepared;
  auto result = std::make_shared<std::shared_ptr<const AlphaSweepResult>>();
  const QualityScore quality = ensureQualityScore();
  sweepNote_ = quality ? QString() : qualityScoreError_;
  const std::vector<AlphaSweepMetric> metrics = standardSweepMetrics(quality);
  sweepJob_ = jobs_->start(
      tr("α sweep (%1)").arg(renderer->name()),
      [result, renderer, prepared, alphas, segment, metrics](const Progress& progress) {
        *result = std::make_shared<const AlphaSweepResult>(
            sweepAlpha(*renderer, *prepared, alphas, segment, metrics, progress));
      },
      [this, result, renderer] {
        if (renderer != renderer_) return;  // another clip or method meanwhile
        sweep_ = *result;
        analysisPanel_->setSweep(sweep_, alpha_);
        analysisDock_->show();
      });
  return sweepJob_;
}

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
    QString caption;
    if (clip_ && !clip_->prepared)
      caption = tr("No ultrasound sector found: nothing to enhance");
    else if (clip_)
      caption = latentNote_;
    enhancedView_->setCaption(caption);
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
  const bool contour = contourAction_->isChecked();
  const bool regions = regionsAction_->isChecked();
  if ((contour || regions) && ensureSegmentation()) {
    // The overlays as shown, on both halves: the enhanced half measured at this α in the job.
    const LvSegmentation segment = segmentation_;
    const std::shared_ptr<const ClipAnalysis> original = originalAnalysis_;
    return jobs_->start(
        tr("Export %1").arg(QFileInfo(path).fileName()),
        [renderer, prepared, alpha, target, segment, original, contour,
         regions](const Progress& progress) {
          const Clip enhanced = renderClip(*renderer, *prepared, alpha, progress.sub(0.0, 0.5));
          const ClipAnalysis left =
              original ? *original : analyseClip(*prepared, segment, progress.sub(0.5, 0.6));
          const ClipAnalysis right = analyseClip(enhanced, segment, progress.sub(0.6, 0.8));
          writeRgbClip(sideBySideWithOverlays(*prepared, left, enhanced, right, contour, regions),
                       target, progress.sub(0.8, 1.0));
        });
  }
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

void MainWindow::setQualityModelFolder(const QString& folder) {
  QSettings().setValue(settings_keys::kQualityModelFolder, folder);
}

QualityScore MainWindow::ensureQualityScore() {
  const QString chosen = QSettings().value(settings_keys::kQualityModelFolder).toString();
  if (qualityScore_ && chosen == qualityScoreFolder_) return qualityScore_;
  qualityScore_ = {};
  try {
    qualityScore_ = qualityScoreFromModel(chosen.isEmpty() ? defaultQualityModelFolder()
                                                           : chosen.toStdString());
    qualityScoreFolder_ = chosen;
  } catch (const std::exception& e) {
    qualityScoreError_ =
        tr("No P_hq curve: the quality model could not be loaded (%1). Choose one with Tools ▸ "
           "Quality Model (P_hq)…")
            .arg(QString::fromUtf8(e.what()));
    statusBar()->showMessage(qualityScoreError_, 20000);
  }
  return qualityScore_;
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
    const QImage image = renderWorker_->frame(alpha_, i).convertToFormat(QImage::Format_Grayscale8);
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
  const std::vector<int>& frames =
      endDiastole ? originalAnalysis_->lv.phases.edFrames : originalAnalysis_->lv.phases.esFrames;
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
                             ? QJsonValue(a.lv.ejectionFractionPercent)
                             : QJsonValue();
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

#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
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
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "clip_player.h"
#include "frame_view.h"
#include "latentecho/core/error.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/prepare.h"

namespace latentecho::studio {

struct LoadedClip {
  QString path;
  Clip original;
  std::optional<Clip> prepared;  // absent when no sector was found
  QString preparedNote;          // why it is absent, for the status bar
  QString error;                 // non-empty when loading failed
};

namespace {

constexpr int kMaxRecent = 8;

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
      loaded->prepared = prepareClip(loaded->original, options).clip;
    } catch (const Error& e) {
      loaded->preparedNote = QString::fromStdString(e.what());
    }
  } catch (const std::exception& e) {
    loaded->error = QString::fromStdString(e.what());
  }
  return loaded;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  player_ = new ClipPlayer(this);
  buildUi();
  connect(player_, &ClipPlayer::frameChanged, this, &MainWindow::showFrame);
  connect(player_, &ClipPlayer::playingChanged, this, [this](bool playing) {
    playButton_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause
                                                       : QStyle::SP_MediaPlay));
  });
  connect(&loader_, &QFutureWatcher<std::shared_ptr<LoadedClip>>::finished, this,
          &MainWindow::onLoaded);
  setAcceptDrops(true);
  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
}

MainWindow::~MainWindow() { loader_.waitForFinished(); }

void MainWindow::buildUi() {
  setWindowTitle(tr("LatentEcho Studio"));

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  auto* splitter = new QSplitter(Qt::Horizontal, central);
  originalView_ = new FrameView(splitter);
  originalView_->setAccessibleName(tr("Original clip"));
  preparedView_ = new FrameView(splitter);
  preparedView_->setAccessibleName(tr("Clip as the models see it"));
  splitter->addWidget(originalView_);
  splitter->addWidget(preparedView_);
  layout->addWidget(splitter, 1);

  auto* controls = new QHBoxLayout();
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
  controls->addWidget(playButton_);
  controls->addWidget(frameSlider_, 1);
  controls->addWidget(frameLabel_);
  layout->addLayout(controls);
  setCentralWidget(central);

  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::chooseAndOpen);
  open->setShortcut(QKeySequence::Open);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* playback = menuBar()->addMenu(tr("&Playback"));
  QAction* toggle = playback->addAction(tr("Play / Pause"), player_, &ClipPlayer::togglePlay);
  toggle->setShortcut(Qt::Key_Space);
  QAction* next = playback->addAction(tr("Next Frame"), player_, &ClipPlayer::stepForward);
  next->setShortcut(Qt::Key_Right);
  QAction* previous = playback->addAction(tr("Previous Frame"), player_, &ClipPlayer::stepBackward);
  previous->setShortcut(Qt::Key_Left);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About LatentEcho"), this, [this] {
    QMessageBox::about(this, tr("About LatentEcho"),
                       tr("LatentEcho %1\nEchocardiogram enhancement by latent space editing.")
                           .arg(QStringLiteral(LATENTECHO_VERSION)));
  });

  updateRecentMenu();
  statusBar()->showMessage(tr("Open a clip: File ▸ Open, or drop a file here."));
  resize(1000, 620);
}

void MainWindow::chooseAndOpen() {
  QSettings settings;
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open clip"), settings.value("paths/lastOpenFolder").toString(),
      tr("Echo clips (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;All files (*)"));
  if (!path.isEmpty()) openClip(path);
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
    lastError_ = loaded->error;
    statusBar()->showMessage(tr("Could not open the clip."));
    QMessageBox::warning(this, tr("Could not open clip"), loaded->error);
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

  const Clip& clip = clip_->original;
  setWindowTitle(tr("%1 — LatentEcho Studio").arg(QFileInfo(loaded->path).fileName()));
  originalView_->setCaption(tr("Original  %1×%2").arg(clip.width).arg(clip.height));
  if (clip_->prepared)
    preparedView_->setCaption(
        tr("Model input  %1×%2").arg(clip_->prepared->width).arg(clip_->prepared->height));
  else
    preparedView_->setCaption(tr("No ultrasound sector found"));
  preparedView_->setFrame({});
  frameSlider_->blockSignals(true);
  frameSlider_->setRange(0, clip.frameCount - 1);
  frameSlider_->setValue(0);
  frameSlider_->blockSignals(false);
  frameSlider_->setEnabled(clip.frameCount > 1);
  player_->setClip(clip.frameCount, clip.fps);
  showFrame(0);
  statusBar()->showMessage(
      clip_->prepared ? tr("%1: %n frame(s) at %2 fps", "", clip.frameCount)
                            .arg(QString::fromStdString(clip.source))
                            .arg(player_->fps(), 0, 'f', 1)
                      : clip_->preparedNote);
  emit loadFinished(true);
}

void MainWindow::showFrame(int frame) {
  if (!clip_) return;
  originalView_->setFrame(toImage(clip_->original, frame));
  if (clip_->prepared) preparedView_->setFrame(toImage(*clip_->prepared, frame));
  frameSlider_->blockSignals(true);
  frameSlider_->setValue(frame);
  frameSlider_->blockSignals(false);
  frameLabel_->setText(tr("Frame %1 / %2").arg(frame + 1).arg(clip_->original.frameCount));
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
  QSettings().setValue("window/geometry", saveGeometry());
  event->accept();
}

}  // namespace latentecho::studio

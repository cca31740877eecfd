#pragma once
// The studio's main window: opens a clip (File ▸ Open, drag and drop, recent files, command line),
// shows the original next to what the models see (sector found, cropped, resized), and plays both
// in step. Loading runs on a worker thread; errors appear in the window, never as a crash.
#include <QFutureWatcher>
#include <QMainWindow>
#include <memory>

class QLabel;
class QSlider;
class QAction;
class QMenu;
class QToolButton;

namespace latentecho::studio {

class ClipPlayer;
class FrameView;
struct LoadedClip;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Starts loading `path` in the background; loadFinished() fires when it is shown or failed.
  void openClip(const QString& path);
  bool isLoading() const;
  ClipPlayer* player() const { return player_; }
  FrameView* originalView() const { return originalView_; }
  FrameView* preparedView() const { return preparedView_; }
  QString lastError() const { return lastError_; }

 signals:
  void loadFinished(bool ok);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildUi();
  void onLoaded();
  void showFrame(int frame);
  void updateRecentMenu();
  void chooseAndOpen();

  ClipPlayer* player_ = nullptr;
  FrameView* originalView_ = nullptr;
  FrameView* preparedView_ = nullptr;
  QSlider* frameSlider_ = nullptr;
  QLabel* frameLabel_ = nullptr;
  QToolButton* playButton_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QFutureWatcher<std::shared_ptr<LoadedClip>> loader_;
  std::shared_ptr<LoadedClip> clip_;
  QString pendingPath_;
  QString lastError_;
};

}  // namespace latentecho::studio

#pragma once
// Playback state of the open clip: current frame, play/pause at the clip's own frame rate, loop.
// Emits frameChanged whenever the visible frame changes; views follow it.
#include <QObject>
#include <QTimer>

namespace latentecho::studio {

class ClipPlayer : public QObject {
  Q_OBJECT
 public:
  explicit ClipPlayer(QObject* parent = nullptr);

  void setClip(int frameCount, double fps);
  int frameCount() const { return frameCount_; }
  int currentFrame() const { return current_; }
  bool isPlaying() const { return timer_.isActive(); }
  double fps() const { return fps_; }

 public slots:
  void play();
  void pause();
  void togglePlay();
  void seek(int frame);
  void stepForward();
  void stepBackward();

 signals:
  void frameChanged(int frame);
  void playingChanged(bool playing);

 private:
  QTimer timer_;
  int frameCount_ = 0;
  int current_ = 0;
  double fps_ = 30.0;
};

}  // namespace latentecho::studio

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
  // Playback speed as a multiple of the clip's own frame rate (0.25 .. 4).
  double speed() const { return speed_; }
  void setSpeed(double speed);
  // When off, playback stops at the last frame.
  bool loops() const { return loop_; }
  void setLoop(bool loop) { loop_ = loop; }

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
  double speed_ = 1.0;
  bool loop_ = true;
  void updateInterval();
};

}  // namespace latentecho::studio

#include "clip_player.h"

#include <cmath>

namespace latentecho::studio {

ClipPlayer::ClipPlayer(QObject* parent) : QObject(parent) {
  timer_.setTimerType(Qt::PreciseTimer);
  connect(&timer_, &QTimer::timeout, this, [this] {
    if (frameCount_ > 0) seek((current_ + 1) % frameCount_);
  });
}

void ClipPlayer::setClip(int frameCount, double fps) {
  pause();
  frameCount_ = frameCount;
  // Sources without a frame rate play at 30 fps, the most common echo display rate.
  fps_ = fps > 0.0 ? fps : 30.0;
  timer_.setInterval(static_cast<int>(std::lround(1000.0 / fps_)));
  current_ = 0;
  emit frameChanged(0);
}

void ClipPlayer::play() {
  if (frameCount_ < 2 || timer_.isActive()) return;
  timer_.start();
  emit playingChanged(true);
}

void ClipPlayer::pause() {
  if (!timer_.isActive()) return;
  timer_.stop();
  emit playingChanged(false);
}

void ClipPlayer::togglePlay() { isPlaying() ? pause() : play(); }

void ClipPlayer::seek(int frame) {
  if (frameCount_ == 0) return;
  frame = std::clamp(frame, 0, frameCount_ - 1);
  if (frame == current_) return;
  current_ = frame;
  emit frameChanged(current_);
}

void ClipPlayer::stepForward() {
  pause();
  if (frameCount_ > 0) seek((current_ + 1) % frameCount_);
}

void ClipPlayer::stepBackward() {
  pause();
  if (frameCount_ > 0) seek((current_ + frameCount_ - 1) % frameCount_);
}

}  // namespace latentecho::studio

#include "clip_player.h"

#include <algorithm>
#include <cmath>

namespace latentecho::studio {

ClipPlayer::ClipPlayer(QObject* parent) : QObject(parent) {
  timer_.setTimerType(Qt::PreciseTimer);
  connect(&timer_, &QTimer::timeout, this, [this] {
    if (frameCount_ == 0) return;
    if (!loop_ && current_ + 1 >= frameCount_) {
      pause();
      return;
    }
    seek((current_ + 1) % frameCount_);
  });
}

void ClipPlayer::setClip(int frameCount, double fps) {
  pause();
  frameCount_ = frameCount;
  // Sources without a frame rate play at 30 fps, the most common echo display rate.
  fps_ = fps > 0.0 ? fps : 30.0;
  updateInterval();
  current_ = 0;
  emit frameChanged(0);
}

void ClipPlayer::setSpeed(double speed) {
  speed_ = std::clamp(speed, 0.25, 4.0);
  updateInterval();
}

void ClipPlayer::updateInterval() {
  timer_.setInterval(std::max(1, static_cast<int>(std::lround(1000.0 / (fps_ * speed_)))));
}

void ClipPlayer::play() {
  if (frameCount_ < 2 || timer_.isActive()) return;
  if (!loop_ && current_ + 1 >= frameCount_) seek(0);
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

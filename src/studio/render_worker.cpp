#include "render_worker.h"

#include <QDeadlineTimer>
#include <QMutexLocker>
#include <algorithm>
#include <exception>

#include "frame_renderer.h"

namespace latentecho::studio {

RenderWorker::RenderWorker(QObject* parent) : QThread(parent) {}

RenderWorker::~RenderWorker() {
  {
    QMutexLocker lock(&mutex_);
    quit_ = true;
    wake_.wakeOne();
  }
  wait();
}

void RenderWorker::setRenderer(std::shared_ptr<const FrameRenderer> renderer) {
  QMutexLocker lock(&mutex_);
  renderer_ = std::move(renderer);
  cache_.assign(renderer_ ? static_cast<std::size_t>(renderer_->frameCount()) : 0, QImage());
  cacheAlpha_ = alpha_;
  pending_ = false;
}

std::shared_ptr<const FrameRenderer> RenderWorker::renderer() const {
  QMutexLocker lock(&mutex_);
  return renderer_;
}

void RenderWorker::request(double alpha, int visibleFrame) {
  QMutexLocker lock(&mutex_);
  if (!renderer_) return;
  if (alpha != cacheAlpha_) {
    cache_.assign(cache_.size(), QImage());
    cacheAlpha_ = alpha;
    sinceAlphaRequest_.start();
  } else if (!sinceAlphaRequest_.isValid()) {
    sinceAlphaRequest_.start();
  }
  alpha_ = alpha;
  visible_ = std::clamp(visibleFrame, 0, std::max(0, renderer_->frameCount() - 1));
  pending_ = true;
  if (!isRunning()) start(QThread::LowPriority);
  wake_.wakeOne();
}

QImage RenderWorker::frame(double alpha, int index) const {
  QMutexLocker lock(&mutex_);
  if (alpha != cacheAlpha_ || index < 0 || index >= static_cast<int>(cache_.size())) return {};
  return cache_[static_cast<std::size_t>(index)];
}

int RenderWorker::renderedCount(double alpha) const {
  QMutexLocker lock(&mutex_);
  if (alpha != cacheAlpha_) return 0;
  return static_cast<int>(
      std::count_if(cache_.begin(), cache_.end(), [](const QImage& i) { return !i.isNull(); }));
}

void RenderWorker::setFillDelayMs(int milliseconds) {
  QMutexLocker lock(&mutex_);
  fillDelayMs_ = std::max(0, milliseconds);
  wake_.wakeOne();  // a pause in progress ends
}

int RenderWorker::fillDelayMs() const {
  QMutexLocker lock(&mutex_);
  return fillDelayMs_;
}

void RenderWorker::run() {
  for (;;) {
    std::shared_ptr<const FrameRenderer> renderer;
    double alpha = 0.0;
    std::vector<int> missing;
    {
      QMutexLocker lock(&mutex_);
      while (!pending_ && !quit_) wake_.wait(&mutex_);
      if (quit_) return;
      pending_ = false;
      renderer = renderer_;
      alpha = alpha_;
      // Onwards from the visible frame, wrapping around: the order playback will want them.
      const int count = static_cast<int>(cache_.size());
      for (int step = 0; step < count; ++step) {
        const int index = (visible_ + step) % count;
        if (cache_[static_cast<std::size_t>(index)].isNull()) missing.push_back(index);
      }
    }
    if (!renderer || missing.empty()) continue;

    const int batch = std::max(1, renderer->preferredBatch());
    bool complete = true;
    // The visible frame alone first: the slider's answer should not wait for a whole batch.
    for (std::size_t begin = 0; begin < missing.size();) {
      {
        QMutexLocker lock(&mutex_);
        if (quit_ || pending_) {  // a newer request: start over from it (kept frames stay kept)
          complete = false;
          break;
        }
      }
      const std::size_t size = begin == 0 ? 1 : static_cast<std::size_t>(batch);
      const std::vector<int> frames(
          missing.begin() + static_cast<std::ptrdiff_t>(begin),
          missing.begin() + static_cast<std::ptrdiff_t>(std::min(missing.size(), begin + size)));
      begin += frames.size();
      std::vector<QImage> images;
      try {
        images = renderer->render(alpha, frames);
      } catch (const std::exception& e) {
        emit failed(QString::fromUtf8(e.what()));
        complete = false;
        break;
      }
      double milliseconds = 0.0;
      {
        QMutexLocker lock(&mutex_);
        if (renderer != renderer_ || alpha != cacheAlpha_) {  // replaced while rendering
          complete = false;
          break;
        }
        for (std::size_t i = 0; i < frames.size() && i < images.size(); ++i)
          cache_[static_cast<std::size_t>(frames[i])] = images[i];
        milliseconds = static_cast<double>(sinceAlphaRequest_.nsecsElapsed()) / 1e6;
      }
      for (std::size_t i = 0; i < frames.size() && i < images.size(); ++i)
        emit frameRendered(alpha, frames[i], images[i], milliseconds);
      if (begin == 1 && begin < missing.size()) {
        // The slider may be moving: give the next request the chance to come before a batch
        // starts that it would have to wait for. A wake-up (a request, quitting) ends the pause.
        QMutexLocker lock(&mutex_);
        if (!pending_ && !quit_ && fillDelayMs_ > 0)
          wake_.wait(&mutex_, QDeadlineTimer(fillDelayMs_));
      }
    }
    if (complete) {
      double milliseconds = 0.0;
      {
        QMutexLocker lock(&mutex_);
        if (renderer != renderer_ || alpha != cacheAlpha_) continue;
        milliseconds = static_cast<double>(sinceAlphaRequest_.nsecsElapsed()) / 1e6;
      }
      emit clipRendered(alpha, milliseconds);
    }
  }
}

}  // namespace latentecho::studio

#pragma once
// Re-renders the enhanced clip for the α slider on a thread of its own, the way Qt's RenderThread
// example does: only the newest request matters. A request names α and the frame the user is
// looking at; the worker renders that frame first (so the view answers the slider at once), then
// the rest of the clip in the renderer's batch size, onwards from the visible frame (the direction
// playback goes). Between batches it checks for a newer request: a new α or renderer abandons the
// old work; a new visible frame at the same α only reorders what is left. Rendered frames of the
// current α are kept, so playback after one full pass costs nothing.
//
// While the slider moves, requests come every few tens of milliseconds, and a batch already
// started cannot be interrupted: after the visible frame the worker waits fillDelayMs() for a
// newer request before it starts on the rest, so that a moving slider gets one visible frame after
// another (each a single-frame synthesis) instead of waiting for batches of frames it will drop.
//
// Thread-safety: request(), setRenderer() and frame() may be called from any thread (the UI
// thread in practice); signals are emitted from the worker thread (use queued connections).
#include <QElapsedTimer>
#include <QImage>
#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <memory>
#include <vector>

namespace latentecho::studio {

class FrameRenderer;

class RenderWorker : public QThread {
  Q_OBJECT
 public:
  explicit RenderWorker(QObject* parent = nullptr);
  ~RenderWorker() override;  // abandons pending work and waits for the thread

  // Replaces the renderer (nullptr: none) and forgets every rendered frame.
  void setRenderer(std::shared_ptr<const FrameRenderer> renderer);
  std::shared_ptr<const FrameRenderer> renderer() const;

  // The newest wish: show `visibleFrame` at `alpha`, then complete the clip at `alpha`.
  void request(double alpha, int visibleFrame);

  // The frame rendered at `alpha` by the current renderer, or a null image.
  QImage frame(double alpha, int index) const;
  // How many frames of the clip at `alpha` are rendered.
  int renderedCount(double alpha) const;

  // The pause between the visible frame and the rest of the clip, milliseconds (>= 0). Setting it
  // ends a pause in progress.
  void setFillDelayMs(int milliseconds);
  int fillDelayMs() const;
  static constexpr int kDefaultFillDelayMs = 60;

 signals:
  // `milliseconds`: from the request that asked for this α to this frame being ready.
  void frameRendered(double alpha, int frame, const QImage& image, double milliseconds);
  // Every frame at `alpha` is rendered; `milliseconds` since the request for that α.
  void clipRendered(double alpha, double milliseconds);
  void failed(const QString& message);

 protected:
  void run() override;

 private:
  mutable QMutex mutex_;
  QWaitCondition wake_;
  std::shared_ptr<const FrameRenderer> renderer_;
  double alpha_ = 0.0;
  int visible_ = 0;
  bool pending_ = false;
  bool quit_ = false;
  int fillDelayMs_ = kDefaultFillDelayMs;
  // Frames of `cacheAlpha_` by the current renderer; cleared when either changes.
  double cacheAlpha_ = 0.0;
  std::vector<QImage> cache_;
  QElapsedTimer sinceAlphaRequest_;
};

}  // namespace latentecho::studio

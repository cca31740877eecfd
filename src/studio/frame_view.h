#pragma once
// Shows one grayscale frame on black, fitted with its aspect ratio kept, zoomed and panned through a
// ViewTransform that several views share (so the original and the enhanced view move together).
// Mouse: wheel zooms, drag pans, double-click resets. In wipe mode the view shows a second frame
// (the enhanced one) right of a vertical divider the user drags.
#include <QImage>
#include <QObject>
#include <QPointF>
#include <QWidget>

namespace latentecho::studio {

// Zoom (1 = the whole frame fits) and the point of the frame at the view's centre (in frame
// fractions, 0..1). Views sharing one transform show the same region.
class ViewTransform : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;
  double zoom() const { return zoom_; }
  QPointF center() const { return center_; }
  void setZoom(double zoom);  // clamped to [1, 16]
  void zoomBy(double factor) { setZoom(zoom_ * factor); }
  void panBy(const QPointF& frameFraction);
  void reset();

 signals:
  void changed();

 private:
  double zoom_ = 1.0;
  QPointF center_{0.5, 0.5};
};

class FrameView : public QWidget {
  Q_OBJECT
 public:
  explicit FrameView(QWidget* parent = nullptr);
  void setTransform(ViewTransform* transform);
  void setFrame(const QImage& frame);
  const QImage& frame() const { return frame_; }
  void setCaption(const QString& caption);
  const QString& caption() const { return caption_; }
  // Wipe mode: `right` is drawn right of the divider (at `wipePosition()` of the width).
  void setWipe(bool enabled);
  bool wipe() const { return wipe_; }
  void setWipeFrame(const QImage& right);
  double wipePosition() const { return wipePosition_; }
  void setWipePosition(double fraction);
  // Drawn over the frame (and over the wipe frame): ARGB, the frame's size; null = none.
  void setOverlay(const QImage& overlay);
  void setWipeOverlay(const QImage& overlay);
  const QImage& overlay() const { return overlay_; }
  // Where the frame is drawn in widget coordinates (for overlays and tests).
  QRectF frameRect() const;
  QSize sizeHint() const override { return {420, 420}; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;

 private:
  QImage frame_;
  QImage wipeFrame_;
  QImage overlay_;
  QImage wipeOverlay_;
  QString caption_;
  ViewTransform* transform_ = nullptr;
  ViewTransform ownTransform_;
  bool wipe_ = false;
  double wipePosition_ = 0.5;
  enum class Drag { None, Pan, Divider } drag_ = Drag::None;
  QPointF lastMouse_;
};

}  // namespace latentecho::studio

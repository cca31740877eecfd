#include "frame_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace latentecho::studio {

void ViewTransform::setZoom(double zoom) {
  zoom = std::clamp(zoom, 1.0, 16.0);
  if (zoom == zoom_) return;
  zoom_ = zoom;
  if (zoom_ == 1.0) center_ = {0.5, 0.5};
  emit changed();
}

void ViewTransform::panBy(const QPointF& frameFraction) {
  // Keep the centre where the zoomed frame still covers the view's middle.
  const double margin = 0.5 / zoom_;
  const QPointF next(std::clamp(center_.x() + frameFraction.x(), margin, 1.0 - margin),
                     std::clamp(center_.y() + frameFraction.y(), margin, 1.0 - margin));
  if (next == center_) return;
  center_ = next;
  emit changed();
}

void ViewTransform::reset() {
  zoom_ = 1.0;
  center_ = {0.5, 0.5};
  emit changed();
}

FrameView::FrameView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(160, 160);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  setFocusPolicy(Qt::ClickFocus);
  setTransform(&ownTransform_);
}

void FrameView::setTransform(ViewTransform* transform) {
  if (transform_) disconnect(transform_, nullptr, this, nullptr);
  transform_ = transform ? transform : &ownTransform_;
  connect(transform_, &ViewTransform::changed, this, qOverload<>(&QWidget::update));
  update();
}

void FrameView::setFrame(const QImage& frame) {
  frame_ = frame;
  update();
}

void FrameView::setCaption(const QString& caption) {
  caption_ = caption;
  update();
}

void FrameView::setWipe(bool enabled) {
  wipe_ = enabled;
  update();
}

void FrameView::setWipeFrame(const QImage& right) {
  wipeFrame_ = right;
  if (wipe_) update();
}

void FrameView::setOverlay(const QImage& overlay) {
  overlay_ = overlay;
  update();
}

void FrameView::setWipeOverlay(const QImage& overlay) {
  wipeOverlay_ = overlay;
  if (wipe_) update();
}

void FrameView::setWipePosition(double fraction) {
  wipePosition_ = std::clamp(fraction, 0.0, 1.0);
  update();
}

QRectF FrameView::frameRect() const {
  if (frame_.isNull()) return {};
  const QSizeF fitted = QSizeF(frame_.size()).scaled(QSizeF(size()), Qt::KeepAspectRatio);
  const QSizeF shown = fitted * transform_->zoom();
  const QPointF center = transform_->center();
  const QPointF topLeft(width() / 2.0 - center.x() * shown.width(),
                        height() / 2.0 - center.y() * shown.height());
  return {topLeft, shown};
}

void FrameView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), Qt::black);
  const QRectF target = frameRect();
  if (!frame_.isNull()) {
    painter.setRenderHint(QPainter::SmoothPixmapTransform, transform_->zoom() < 3.0);
    painter.drawImage(target, frame_);
    if (!overlay_.isNull()) painter.drawImage(target, overlay_);
    if (wipe_ && !wipeFrame_.isNull()) {
      const double divider = wipePosition_ * width();
      painter.save();
      painter.setClipRect(QRectF(divider, 0, width() - divider, height()));
      painter.fillRect(QRectF(divider, 0, width() - divider, height()), Qt::black);
      painter.drawImage(target, wipeFrame_);
      if (!wipeOverlay_.isNull()) painter.drawImage(target, wipeOverlay_);
      painter.restore();
      painter.setPen(QPen(QColor(255, 210, 0), 2));
      painter.drawLine(QPointF(divider, 0), QPointF(divider, height()));
    }
  }
  if (!caption_.isEmpty()) {
    painter.setPen(Qt::white);
    painter.drawText(rect().adjusted(8, 6, -8, -6), Qt::AlignTop | Qt::AlignLeft, caption_);
  }
}

void FrameView::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps != 0.0) transform_->zoomBy(std::pow(1.25, steps));
  event->accept();
}

void FrameView::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  lastMouse_ = event->position();
  const bool onDivider = wipe_ && std::abs(event->position().x() - wipePosition_ * width()) < 8.0;
  drag_ = onDivider ? Drag::Divider : Drag::Pan;
  setCursor(onDivider ? Qt::SplitHCursor : Qt::ClosedHandCursor);
}

void FrameView::mouseMoveEvent(QMouseEvent* event) {
  const QPointF delta = event->position() - lastMouse_;
  lastMouse_ = event->position();
  if (drag_ == Drag::Divider) {
    setWipePosition(event->position().x() / std::max(1, width()));
  } else if (drag_ == Drag::Pan) {
    const QRectF shown = frameRect();
    if (shown.width() > 0 && shown.height() > 0)
      transform_->panBy({-delta.x() / shown.width(), -delta.y() / shown.height()});
  }
}

void FrameView::mouseReleaseEvent(QMouseEvent*) {
  drag_ = Drag::None;
  unsetCursor();
}

void FrameView::mouseDoubleClickEvent(QMouseEvent*) { transform_->reset(); }

}  // namespace latentecho::studio

#include "frame_view.h"

#include <QPainter>

namespace latentecho::studio {

FrameView::FrameView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(160, 160);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void FrameView::setFrame(const QImage& frame) {
  frame_ = frame;
  update();
}

void FrameView::setCaption(const QString& caption) {
  caption_ = caption;
  update();
}

void FrameView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), Qt::black);
  if (!frame_.isNull()) {
    QSize scaled = frame_.size().scaled(size(), Qt::KeepAspectRatio);
    QRect target(QPoint(0, 0), scaled);
    target.moveCenter(rect().center());
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, frame_);
  }
  if (!caption_.isEmpty()) {
    painter.setPen(Qt::white);
    painter.drawText(rect().adjusted(8, 6, -8, -6), Qt::AlignTop | Qt::AlignLeft, caption_);
  }
}

}  // namespace latentecho::studio

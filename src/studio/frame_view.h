#pragma once
// Shows one grayscale frame, scaled to fit with its aspect ratio kept, on a black background.
#include <QImage>
#include <QWidget>

namespace latentecho::studio {

class FrameView : public QWidget {
  Q_OBJECT
 public:
  explicit FrameView(QWidget* parent = nullptr);
  void setFrame(const QImage& frame);
  const QImage& frame() const { return frame_; }
  void setCaption(const QString& caption);
  QSize sizeHint() const override { return {420, 420}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QImage frame_;
  QString caption_;
};

}  // namespace latentecho::studio

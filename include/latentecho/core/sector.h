#pragma once
// The ultrasound sector (the fan) of a B-mode image, in pixel coordinates of that image.
//
// A sector is the region between two radii around the apex, within `halfAngle` either side of the
// beam axis. Angles are radians; the axis angle is measured from the image's +y (downward) axis,
// positive towards +x, so an ordinary apical view has axisAngle = 0 and its apex at the top.
// The apex may lie outside the image (y < 0) when a scanner crops the tip of the fan.
#include <cstdint>
#include <vector>

namespace latentecho {

struct SectorGeometry {
  double apexX = 0.0;
  double apexY = 0.0;
  double innerRadius = 0.0;  // pixels from the apex where the image starts
  double outerRadius = 0.0;  // pixels from the apex where the image ends (depth)
  double halfAngle = 0.0;    // radians, half the opening of the fan
  double axisAngle = 0.0;    // radians from +y, positive towards +x

  bool valid() const { return outerRadius > innerRadius && halfAngle > 0.0; }
  // Whether pixel centre (x, y) lies inside the fan.
  bool contains(double x, double y) const;
  // 1 inside the fan, 0 outside, for an image of height x width, row-major.
  std::vector<std::uint8_t> mask(int height, int width) const;
  // Polar → image: the point at `radius` pixels from the apex along the line at `angle` radians
  // from the axis. Used by the paper's radial-polar sampling and the phantom's beam model.
  void toImage(double radius, double angle, double& x, double& y) const;
  // Image → polar, the inverse of toImage.
  void toPolar(double x, double y, double& radius, double& angle) const;
};

}  // namespace latentecho

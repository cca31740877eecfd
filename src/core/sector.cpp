#include "latentecho/core/sector.h"

#include <cmath>

namespace latentecho {

void SectorGeometry::toImage(double radius, double angle, double& x, double& y) const {
  const double a = axisAngle + angle;
  x = apexX + radius * std::sin(a);
  y = apexY + radius * std::cos(a);
}

void SectorGeometry::toPolar(double x, double y, double& radius, double& angle) const {
  const double dx = x - apexX;
  const double dy = y - apexY;
  radius = std::hypot(dx, dy);
  angle = std::atan2(dx, dy) - axisAngle;
  // Keep the angle in (-pi, pi] relative to the axis.
  if (angle > M_PI) angle -= 2.0 * M_PI;
  if (angle <= -M_PI) angle += 2.0 * M_PI;
}

bool SectorGeometry::contains(double x, double y) const {
  double radius = 0.0, angle = 0.0;
  toPolar(x, y, radius, angle);
  return radius >= innerRadius && radius <= outerRadius && std::abs(angle) <= halfAngle;
}

std::vector<std::uint8_t> SectorGeometry::mask(int height, int width) const {
  std::vector<std::uint8_t> out(static_cast<std::size_t>(height) * width, 0);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) out[y * width + x] = contains(x + 0.5, y + 0.5) ? 1 : 0;
  return out;
}

}  // namespace latentecho

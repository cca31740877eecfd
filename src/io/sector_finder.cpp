#include "latentecho/io/sector_finder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegree = kPi / 180.0;

[[noreturn]] void notFound(const Clip& clip, const std::string& why) {
  throw Error("no ultrasound sector found in " + (clip.source.empty() ? "the clip" : clip.source) +
              ": " + why);
}

int oddAtLeast(int value, int minimum) { return std::max(value, minimum) | 1; }

// Per-pixel maximum over up to 64 evenly spaced frames: where image data ever appears.
cv::Mat maximumProjection(const Clip& clip) {
  const int samples = std::min(clip.frameCount, 64);
  cv::Mat result(clip.height, clip.width, CV_8UC1, cv::Scalar(0));
  for (int i = 0; i < samples; ++i) {
    const int t = samples == 1
                      ? 0
                      : static_cast<int>(std::llround(static_cast<double>(i) *
                                                      (clip.frameCount - 1) / (samples - 1)));
    const cv::Mat frame(clip.height, clip.width, CV_8UC1, const_cast<std::uint8_t*>(clip.frame(t)));
    cv::max(result, frame, result);
  }
  return result;
}

double percentile(const cv::Mat& image, double fraction) {
  std::array<long, 256> histogram{};
  for (int y = 0; y < image.rows; ++y) {
    const std::uint8_t* row = image.ptr<std::uint8_t>(y);
    for (int x = 0; x < image.cols; ++x) ++histogram[row[x]];
  }
  const double wanted = fraction * static_cast<double>(image.total());
  long seen = 0;
  for (int v = 0; v < 256; ++v) {
    seen += histogram[v];
    if (seen >= wanted) return v;
  }
  return 255;
}

// The fan's footprint: 255 inside, 0 outside (CV_8UC1).
cv::Mat fanFootprint(const Clip& clip) {
  cv::Mat projection = maximumProjection(clip);
  cv::medianBlur(projection, projection, 3);
  const double background = percentile(projection, 0.02);
  const double bright = percentile(projection, 0.99);
  if (bright - background < 12.0)
    notFound(clip, "no region stands out from the background (intensity range " +
                       std::to_string(static_cast<int>(background)) + "-" +
                       std::to_string(static_cast<int>(bright)) + ")");
  const double threshold = background + std::max(6.0, 0.06 * (bright - background));
  cv::Mat mask;
  cv::threshold(projection, mask, threshold, 255, cv::THRESH_BINARY);

  const int side = std::min(clip.width, clip.height);
  const cv::Mat opening = cv::getStructuringElement(
      cv::MORPH_ELLIPSE, cv::Size(oddAtLeast(side / 120, 3), oddAtLeast(side / 120, 3)));
  const cv::Mat closing = cv::getStructuringElement(
      cv::MORPH_ELLIPSE, cv::Size(oddAtLeast(side / 30, 5), oddAtLeast(side / 30, 5)));
  cv::morphologyEx(mask, mask, cv::MORPH_OPEN, opening);
  // Default borders: neither step erodes or grows the region at the image's edges.
  cv::morphologyEx(mask, mask, cv::MORPH_CLOSE, closing);

  cv::Mat labels, stats, centroids;
  const int count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  int largest = 0;
  for (int label = 1; label < count; ++label)
    if (largest == 0 ||
        stats.at<int>(label, cv::CC_STAT_AREA) > stats.at<int>(largest, cv::CC_STAT_AREA))
      largest = label;
  const double imageArea = static_cast<double>(clip.width) * clip.height;
  if (largest == 0 || stats.at<int>(largest, cv::CC_STAT_AREA) < std::max(400.0, 0.02 * imageArea))
    notFound(clip, "no large bright region");

  // The region with its holes (dark chambers enclosed by tissue) filled: flood the outside from
  // a one-pixel frame around the image; whatever the flood cannot reach belongs to the region.
  cv::Mat padded(clip.height + 2, clip.width + 2, CV_8UC1, cv::Scalar(0));
  cv::Mat inner = padded(cv::Rect(1, 1, clip.width, clip.height));
  inner.setTo(255, labels == largest);
  cv::floodFill(padded, cv::Point(0, 0), cv::Scalar(128), nullptr, cv::Scalar(0), cv::Scalar(0), 4);
  cv::Mat footprint = inner != 128;
  return footprint;
}

struct Edge {
  cv::Point2d point;      // on the line
  cv::Point2d direction;  // unit
  std::vector<cv::Point2d> members;
};

double cross(const cv::Point2d& a, const cv::Point2d& b) { return a.x * b.y - a.y * b.x; }

Edge fitEdge(const std::vector<cv::Point2d>& points) {
  std::vector<cv::Point2f> asFloat(points.begin(), points.end());
  cv::Vec4f line;
  cv::fitLine(asFloat, line, cv::DIST_L2, 0, 0.01, 0.01);
  return Edge{cv::Point2d(line[2], line[3]), cv::Point2d(line[0], line[1]), points};
}

// Points within `tolerance` of the line that form its longest gap-free run: a straight edge is
// one contiguous stretch of outline; collinear points elsewhere on the outline are not part of it.
std::vector<cv::Point2d> longestRun(const std::vector<cv::Point2d>& points, const Edge& edge,
                                    double tolerance) {
  std::vector<std::pair<double, cv::Point2d>> along;
  const cv::Point2d normal(-edge.direction.y, edge.direction.x);
  for (const auto& p : points)
    if (std::abs(normal.dot(p - edge.point)) <= tolerance)
      along.emplace_back(edge.direction.dot(p - edge.point), p);
  std::sort(along.begin(), along.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t bestBegin = 0, bestEnd = 0, begin = 0;
  for (std::size_t i = 0; i < along.size(); ++i) {
    if (i > 0 && along[i].first - along[i - 1].first > 3.0) begin = i;
    if (i + 1 - begin > bestEnd - bestBegin) {
      bestBegin = begin;
      bestEnd = i + 1;
    }
  }
  std::vector<cv::Point2d> run;
  for (std::size_t i = bestBegin; i < bestEnd; ++i) run.push_back(along[i].second);
  return run;
}

double extent(const Edge& edge) {
  double low = 1e300, high = -1e300;
  for (const auto& p : edge.members) {
    const double s = edge.direction.dot(p - edge.point);
    low = std::min(low, s);
    high = std::max(high, s);
  }
  return edge.members.empty() ? 0.0 : high - low;
}

// Up to `maxEdges` long straight stretches of the outline, longest first (sequential RANSAC).
// A line that collects many inliers but no long contiguous run (points scattered along a jagged
// outline) is dropped and its points removed, so it cannot hide the real edges.
std::vector<Edge> straightEdges(std::vector<cv::Point2d> remaining, int maxEdges,
                                double minLength) {
  constexpr double kTolerance = 1.5;
  std::mt19937 random(20240611u);
  std::vector<Edge> edges;
  for (int attempt = 0; attempt < 3 * maxEdges && static_cast<int>(edges.size()) < maxEdges &&
                        remaining.size() >= 10;
       ++attempt) {
    std::uniform_int_distribution<std::size_t> pick(0, remaining.size() - 1);
    std::size_t bestCount = 0;
    Edge best;
    for (int iteration = 0; iteration < 800; ++iteration) {
      const cv::Point2d a = remaining[pick(random)];
      const cv::Point2d b = remaining[pick(random)];
      const double length = cv::norm(b - a);
      if (length < 5.0) continue;
      const cv::Point2d direction = (b - a) / length;
      const cv::Point2d normal(-direction.y, direction.x);
      std::size_t count = 0;
      for (const auto& p : remaining)
        if (std::abs(normal.dot(p - a)) <= kTolerance) ++count;
      if (count > bestCount) {
        bestCount = count;
        best = Edge{a, direction, {}};
      }
    }
    if (bestCount < 10) break;
    // Refine twice: least squares on the run, then the run of the refined line.
    Edge edge = best;
    edge.members = longestRun(remaining, edge, kTolerance);
    for (int round = 0; round < 2 && edge.members.size() >= 10; ++round) {
      const Edge refined = fitEdge(edge.members);
      std::vector<cv::Point2d> run = longestRun(remaining, refined, kTolerance);
      if (run.size() < 10) break;
      edge = refined;
      edge.members = std::move(run);
    }
    // Remove the run (with a little margin) from the outline before looking for the next edge.
    const cv::Point2d normal(-edge.direction.y, edge.direction.x);
    double low = 1e300, high = -1e300;
    for (const auto& p : edge.members) {
      low = std::min(low, edge.direction.dot(p - edge.point));
      high = std::max(high, edge.direction.dot(p - edge.point));
    }
    std::vector<cv::Point2d> rest;
    for (const auto& p : remaining) {
      const double s = edge.direction.dot(p - edge.point);
      const bool onEdge = std::abs(normal.dot(p - edge.point)) <= kTolerance + 0.5 &&
                          s >= low - 2.0 && s <= high + 2.0;
      if (!onEdge) rest.push_back(p);
    }
    if (rest.size() == remaining.size()) break;  // nothing removed: no progress possible
    remaining.swap(rest);
    if (edge.members.size() >= 10 && extent(edge) >= minLength) edges.push_back(std::move(edge));
  }
  return edges;
}

struct Candidate {
  SectorGeometry sector;
  double overlap = 0.0;     // intersection over union with the footprint
  double outlineFit = 0.0;  // fraction of the outline on the sector's sides, arcs or apex
};

bool inside(const cv::Mat& footprint, double x, double y) {
  if (x < 0.0 || y < 0.0 || x >= footprint.cols || y >= footprint.rows) return false;
  return footprint.at<std::uint8_t>(static_cast<int>(y), static_cast<int>(x)) != 0;
}

// The sector bounded by two edges, with radii from rays through the footprint, and how well it
// overlaps the footprint; false when the edges do not bound a fan.
bool sectorFromEdges(const Edge& first, const Edge& second, const cv::Mat& footprint,
                     const std::vector<cv::Point2d>& outline, Candidate& out) {
  const double determinant = cross(first.direction, second.direction);
  if (std::abs(determinant) < std::sin(4.0 * kDegree)) return false;  // (nearly) parallel
  const double s = cross(second.point - first.point, second.direction) / determinant;
  const cv::Point2d apex = first.point + s * first.direction;

  std::array<cv::Point2d, 2> outward;
  const std::array<const Edge*, 2> edges = {&first, &second};
  for (int i = 0; i < 2; ++i) {
    cv::Point2d middle(0, 0);
    for (const auto& p : edges[i]->members) middle += p;
    middle *= 1.0 / static_cast<double>(edges[i]->members.size());
    outward[i] =
        edges[i]->direction.dot(middle - apex) >= 0 ? edges[i]->direction : -edges[i]->direction;
    // The edge must lie beyond the apex, not straddle it.
    for (const auto& p : edges[i]->members)
      if (outward[i].dot(p - apex) < -3.0) return false;
  }
  const double opening = std::acos(std::clamp(outward[0].dot(outward[1]), -1.0, 1.0));
  // Phased and curvilinear probes open between about 20° and 120°.
  if (opening < 20.0 * kDegree || opening > 130.0 * kDegree) return false;
  cv::Point2d axis = outward[0] + outward[1];
  axis *= 1.0 / cv::norm(axis);

  SectorGeometry sector;
  sector.apexX = apex.x;
  sector.apexY = apex.y;
  sector.halfAngle = opening / 2.0;
  sector.axisAngle = std::atan2(axis.x, axis.y);

  const double farthest = std::max({cv::norm(apex), cv::norm(apex - cv::Point2d(footprint.cols, 0)),
                                    cv::norm(apex - cv::Point2d(0, footprint.rows)),
                                    cv::norm(apex - cv::Point2d(footprint.cols, footprint.rows))});
  constexpr int kRays = 81;
  // Per ray: where the region starts and ends. A ray whose region runs into the image border says
  // nothing about the arc (the border cut it); the arc's radius comes from the others.
  std::vector<double> firsts, lasts, arcEnds;
  for (int i = 0; i < kRays; ++i) {
    const double angle = sector.halfAngle * 0.92 * (2.0 * i / (kRays - 1) - 1.0);
    double stepX = 0, stepY = 0;
    sector.toImage(1.0, angle, stepX, stepY);
    stepX -= apex.x;
    stepY -= apex.y;
    double first = -1.0, last = -1.0;
    for (double r = 0.0; r <= farthest; r += 0.5) {
      if (inside(footprint, apex.x + r * stepX, apex.y + r * stepY)) {
        if (first < 0) first = r;
        last = r;
      }
    }
    if (first < 0) continue;
    firsts.push_back(first);
    lasts.push_back(last);
    const double beyondX = apex.x + (last + 1.5) * stepX, beyondY = apex.y + (last + 1.5) * stepY;
    if (beyondX >= 0.0 && beyondY >= 0.0 && beyondX < footprint.cols && beyondY < footprint.rows)
      arcEnds.push_back(last);
  }
  if (firsts.size() < kRays / 2) return false;
  // The earliest start keeps every row of data inside the sector (where the image's top cuts the
  // fan, data starts at the border).
  sector.innerRadius = std::max(0.0, *std::min_element(firsts.begin(), firsts.end()) - 0.5);
  if (arcEnds.empty()) {
    sector.outerRadius = *std::max_element(lasts.begin(), lasts.end()) + 0.5;
  } else {
    // The upper quartile: robust to notches (dark far field) and to the odd bump.
    std::sort(arcEnds.begin(), arcEnds.end());
    sector.outerRadius = arcEnds[static_cast<std::size_t>(0.75 * (arcEnds.size() - 1))] + 0.5;
  }
  if (!sector.valid()) return false;
  // A fan's sides run a good part of its depth; short straight bits (a rounded corner, a notch)
  // do not make a fan.
  const double depth = sector.outerRadius - sector.innerRadius;
  if (extent(first) < 0.25 * depth || extent(second) < 0.25 * depth) return false;

  // Overlap on a grid of at most ~256 x 256 points: plenty to tell a fan from another shape.
  const int stride = std::max(1, std::min(footprint.cols, footprint.rows) / 256);
  long both = 0, either = 0;
  for (int y = 0; y < footprint.rows; y += stride) {
    const std::uint8_t* row = footprint.ptr<std::uint8_t>(y);
    for (int x = 0; x < footprint.cols; x += stride) {
      const bool inFootprint = row[x] != 0;
      const bool inSector = sector.contains(x + 0.5, y + 0.5);
      both += inFootprint && inSector;
      either += inFootprint || inSector;
    }
  }
  // An echo fan fills a good part of the frame; a small wedge-like blob is not one.
  const double side = std::min(footprint.cols, footprint.rows);
  if (static_cast<double>(both) * stride * stride < 0.1 * side * side) return false;
  out.sector = sector;
  out.overlap = either > 0 ? static_cast<double>(both) / static_cast<double>(either) : 0.0;

  // Overlap alone accepts blobs with two straightish sides; a fan's whole outline (away from the
  // image border) lies on its two sides, its arcs or near the apex.
  const double tolerance = std::max(2.0, 0.015 * sector.outerRadius);
  const double angleSlack = 2.0 * kDegree;
  std::size_t explained = 0;
  for (const auto& p : outline) {
    double r = 0, a = 0;
    sector.toPolar(p.x, p.y, r, a);
    const bool withinAngle = std::abs(a) <= sector.halfAngle + angleSlack;
    const bool onOuterArc = withinAngle && std::abs(r - sector.outerRadius) <= tolerance;
    const bool onInnerArc = withinAngle && r <= sector.innerRadius + tolerance;
    const bool onSide = r >= sector.innerRadius - tolerance &&
                        r <= sector.outerRadius + tolerance &&
                        r * std::abs(std::sin(std::abs(a) - sector.halfAngle)) <= tolerance;
    if (onOuterArc || onInnerArc || onSide) ++explained;
  }
  out.outlineFit =
      outline.empty() ? 0.0 : static_cast<double>(explained) / static_cast<double>(outline.size());
  return true;
}

}  // namespace

SectorGeometry findSector(const Clip& clip) {
  if (clip.empty()) notFound(clip, "the clip has no frames");
  if (clip.pixels.size() != static_cast<std::size_t>(clip.frameCount) * clip.frameSize())
    throw Error("findSector: the clip's pixel buffer does not match its size");
  if (clip.width < 16 || clip.height < 16)
    notFound(clip, "frames of " + std::to_string(clip.width) + "x" + std::to_string(clip.height) +
                       " are too small");

  const cv::Mat footprint = fanFootprint(clip);

  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(footprint.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
  if (contours.empty()) notFound(clip, "no outline");
  const auto& outline =
      *std::max_element(contours.begin(), contours.end(),
                        [](const auto& a, const auto& b) { return a.size() < b.size(); });
  // Pixel centres; the image border is not an edge of the fan, only where the image cuts it.
  std::vector<cv::Point2d> points;
  for (const cv::Point& p : outline)
    if (p.x > 1 && p.y > 1 && p.x < clip.width - 2 && p.y < clip.height - 2)
      points.emplace_back(p.x + 0.5, p.y + 0.5);

  const double minLength = 0.1 * std::min(clip.width, clip.height);
  const std::vector<Edge> edges = straightEdges(points, 6, minLength);
  if (edges.size() < 2) notFound(clip, "the bright region has no two straight edges");

  Candidate best;
  bool any = false;
  for (std::size_t i = 0; i < edges.size(); ++i)
    for (std::size_t j = i + 1; j < edges.size(); ++j) {
      Candidate candidate;
      if (sectorFromEdges(edges[i], edges[j], footprint, points, candidate) &&
          (!any || candidate.overlap * candidate.outlineFit > best.overlap * best.outlineFit)) {
        best = candidate;
        any = true;
      }
    }
  if (!any) notFound(clip, "the straight edges of the bright region do not meet like a fan's");
  if (best.overlap < 0.85 || best.outlineFit < 0.75)
    notFound(clip, "the bright region is not fan-shaped (the best sector fit overlaps " +
                       std::to_string(static_cast<int>(best.overlap * 100.0)) + "% of it and " +
                       std::to_string(static_cast<int>(best.outlineFit * 100.0)) +
                       "% of its outline)");
  return best.sector;
}

}  // namespace latentecho

#include "latentecho/core/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "latentecho/core/error.h"
#include "splitmix_random.h"

namespace latentecho {
namespace {

void checkParams(const BootstrapParams& params) {
  if (params.resamples < 1) {
    std::ostringstream message;
    message << "bootstrap: resamples = " << params.resamples << " must be >= 1";
    throw Error(message.str());
  }
  if (!(params.confidence > 0.0 && params.confidence < 1.0)) {
    std::ostringstream message;
    message << "bootstrap: confidence = " << params.confidence
            << " must lie strictly between 0 and 1 (e.g. 0.95)";
    throw Error(message.str());
  }
}

void checkValues(const std::vector<double>& values, const char* name) {
  if (values.empty()) {
    std::ostringstream message;
    message << "bootstrap: the sample" << name << " is empty; there is nothing to estimate";
    throw Error(message.str());
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      std::ostringstream message;
      message << "bootstrap: value " << i << name << " is " << values[i]
              << "; every value must be finite (leave out clips without a measurement)";
      throw Error(message.str());
    }
  }
}

double checkedStatistic(double value) {
  if (!std::isfinite(value))
    throw Error("bootstrap: the statistic returned a non-finite value on a resample");
  return value;
}

// Index i in [0, n) from a 64-bit draw, without modulo bias worth speaking of (Lemire's
// multiply-high; the residual bias is below n / 2^64).
std::size_t drawIndex(detail::RandomStream& stream, std::size_t n) {
  return static_cast<std::size_t>(
      (static_cast<unsigned __int128>(stream.next()) * static_cast<unsigned __int128>(n)) >> 64);
}

// Runs `evaluate(indices)` on `params.resamples` resamples of [0, n) and forms the interval.
template <typename Evaluate>
BootstrapEstimate percentileInterval(std::size_t n, double estimate, const BootstrapParams& params,
                                     Evaluate&& evaluate) {
  detail::RandomStream stream(detail::streamKey(params.seed, 0xB0075u, n));
  std::vector<std::size_t> indices(n);
  std::vector<double> statistics(params.resamples);
  for (int r = 0; r < params.resamples; ++r) {
    for (std::size_t i = 0; i < n; ++i) indices[i] = drawIndex(stream, n);
    statistics[r] = checkedStatistic(evaluate(indices));
  }
  std::sort(statistics.begin(), statistics.end());
  const double tail = 0.5 * (1.0 - params.confidence);
  BootstrapEstimate result;
  result.estimate = estimate;
  result.lower = sampleQuantile(statistics, tail);
  result.upper = sampleQuantile(statistics, 1.0 - tail);
  result.confidence = params.confidence;
  result.resamples = params.resamples;
  result.samples = n;
  return result;
}

double mean(const std::vector<double>& values) {
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

}  // namespace

double sampleQuantile(std::vector<double> values, double fraction) {
  if (values.empty()) throw Error("quantile: the sample is empty");
  if (!(fraction >= 0.0 && fraction <= 1.0)) {
    std::ostringstream message;
    message << "quantile: fraction = " << fraction << " must lie in [0, 1]";
    throw Error(message.str());
  }
  if (!std::is_sorted(values.begin(), values.end())) std::sort(values.begin(), values.end());
  const double position = fraction * static_cast<double>(values.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  const double weight = position - static_cast<double>(below);
  return values[below] + weight * (values[above] - values[below]);
}

BootstrapEstimate bootstrapMean(const std::vector<double>& values, const BootstrapParams& params) {
  checkParams(params);
  checkValues(values, "");
  const std::size_t n = values.size();
  return percentileInterval(n, mean(values), params, [&](const std::vector<std::size_t>& indices) {
    double sum = 0.0;
    for (std::size_t i : indices) sum += values[i];
    return sum / static_cast<double>(n);
  });
}

BootstrapEstimate bootstrapStatistic(const std::vector<double>& values,
                                     const SampleStatistic& statistic,
                                     const BootstrapParams& params) {
  checkParams(params);
  checkValues(values, "");
  if (!statistic) throw Error("bootstrap: no statistic was given");
  std::vector<double> resample(values.size());
  return percentileInterval(values.size(), checkedStatistic(statistic(values)), params,
                            [&](const std::vector<std::size_t>& indices) {
                              for (std::size_t i = 0; i < indices.size(); ++i)
                                resample[i] = values[indices[i]];
                              return statistic(resample);
                            });
}

BootstrapEstimate bootstrapPairedStatistic(const std::vector<double>& a,
                                           const std::vector<double>& b,
                                           const PairedStatistic& statistic,
                                           const BootstrapParams& params) {
  checkParams(params);
  if (a.size() != b.size()) {
    std::ostringstream message;
    message << "bootstrap: the paired samples hold " << a.size() << " and " << b.size()
            << " values; each clip needs a value in both";
    throw Error(message.str());
  }
  checkValues(a, " (first of the pair)");
  checkValues(b, " (second of the pair)");
  if (!statistic) throw Error("bootstrap: no statistic was given");
  std::vector<double> resampleA(a.size()), resampleB(b.size());
  return percentileInterval(a.size(), checkedStatistic(statistic(a, b)), params,
                            [&](const std::vector<std::size_t>& indices) {
                              for (std::size_t i = 0; i < indices.size(); ++i) {
                                resampleA[i] = a[indices[i]];
                                resampleB[i] = b[indices[i]];
                              }
                              return statistic(resampleA, resampleB);
                            });
}

BootstrapEstimate bootstrapMeanAbsoluteDifference(const std::vector<double>& a,
                                                  const std::vector<double>& b,
                                                  const BootstrapParams& params) {
  return bootstrapPairedStatistic(
      a, b,
      [](const std::vector<double>& x, const std::vector<double>& y) {
        double sum = 0.0;
        for (std::size_t i = 0; i < x.size(); ++i) sum += std::abs(x[i] - y[i]);
        return sum / static_cast<double>(x.size());
      },
      params);
}

}  // namespace latentecho

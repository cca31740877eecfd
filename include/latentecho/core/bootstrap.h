#pragma once
// Mean estimates with percentile-bootstrap confidence intervals, as the paper reports every metric
// ("mean estimate and 95% confidence interval", PAPER.md Tables 1-2, Figs. 6-7).
//
// Percentile bootstrap (Efron): draw `resamples` samples of the same size with replacement from the
// per-clip values, evaluate the statistic on each, and take the (1 - confidence)/2 and
// (1 + confidence)/2 quantiles of those statistics (linear interpolation between order statistics,
// numpy's default). The estimate is the statistic on the original sample. Paired statistics (e.g.
// the MAE between the LVEF of original and enhanced clips) resample clips, i.e. the same indices
// for both sequences, which keeps each clip's pair together.
//
// Determinism: the same values, params and seed give the same interval, bit for bit, on any
// platform (the project's own SplitMix64 stream; no std distributions). Thread-safety: pure
// functions; call them from any thread (the statistic callbacks must be too).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace latentecho {

struct BootstrapParams {
  int resamples = 1000;      // >= 1
  std::uint64_t seed = 0;    // the resampling stream
  double confidence = 0.95;  // in (0, 1)
};

struct BootstrapEstimate {
  double estimate = 0.0;  // the statistic on the whole sample
  double lower = 0.0;     // lower end of the confidence interval
  double upper = 0.0;     // upper end
  double confidence = 0.0;
  int resamples = 0;
  std::size_t samples = 0;  // how many values (clips) the sample held
};

// Statistic over a sample, e.g. the mean.
using SampleStatistic = std::function<double(const std::vector<double>&)>;
// Statistic over a paired sample (a[i] and b[i] belong to the same clip).
using PairedStatistic =
    std::function<double(const std::vector<double>& a, const std::vector<double>& b)>;

// Mean with its bootstrap CI. Throws Error for an empty sample, a non-finite value (naming its
// index) or params out of range.
BootstrapEstimate bootstrapMean(const std::vector<double>& values,
                                const BootstrapParams& params = {});

// Any statistic with its bootstrap CI; throws Error as bootstrapMean, and when the statistic
// returns a non-finite value.
BootstrapEstimate bootstrapStatistic(const std::vector<double>& values,
                                     const SampleStatistic& statistic,
                                     const BootstrapParams& params = {});

// A paired statistic with its bootstrap CI (clips resampled together). Throws Error when the
// sequences differ in length, and as bootstrapStatistic.
BootstrapEstimate bootstrapPairedStatistic(const std::vector<double>& a,
                                           const std::vector<double>& b,
                                           const PairedStatistic& statistic,
                                           const BootstrapParams& params = {});

// Mean absolute difference mean_i |a_i - b_i| (e.g. MAE of LVEF between original and enhanced)
// with its paired bootstrap CI.
BootstrapEstimate bootstrapMeanAbsoluteDifference(const std::vector<double>& a,
                                                  const std::vector<double>& b,
                                                  const BootstrapParams& params = {});

// Quantile `fraction` in [0, 1] of the values by linear interpolation between order statistics
// (numpy.percentile's default 'linear' method). Throws Error for an empty sample or a fraction
// outside [0, 1].
double sampleQuantile(std::vector<double> values, double fraction);

}  // namespace latentecho

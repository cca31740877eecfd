#pragma once
// Lists of parameter values on the command line, e.g. the edit levels alpha of `evaluate`:
//   "0:1.5:0.1"   start:stop:step, stop included when it lies on the grid (0, 0.1, ..., 1.5)
//   "0,0.5,1"     an explicit list (kept in the order given, duplicates refused)
//   "0.5"         one value
// Grid values are start + i * step rounded to 12 significant digits, so "0:1.5:0.1" gives 0.3, not
// 0.30000000000000004, and the values print and compare as a user typed them.
#include <string>
#include <vector>

namespace latentecho::cli {

// Throws Error naming `option` (e.g. "--alphas") and the problem: not a number, step <= 0,
// stop < start, more than `maxValues` values, a value repeated.
std::vector<double> parseValueRange(const std::string& text, const std::string& option,
                                    std::size_t maxValues = 10000);

}  // namespace latentecho::cli

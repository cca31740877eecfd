#include "value_range.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "latentecho/core/error.h"

namespace latentecho::cli {
namespace {

double parseNumber(const std::string& text, const std::string& option, const std::string& all) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  if (text.empty() || end != begin + text.size() || !std::isfinite(value))
    throw Error(option + " '" + all + "': '" + text +
                "' is not a number (expected START:STOP:STEP, a list A,B,C or one value)");
  return value;
}

double roundToSignificant(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.12g", value);
  return std::strtod(text, nullptr);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t found = text.find(separator, start);
    parts.push_back(text.substr(start, found == std::string::npos ? found : found - start));
    if (found == std::string::npos) break;
    start = found + 1;
  }
  return parts;
}

}  // namespace

std::vector<double> parseValueRange(const std::string& text, const std::string& option,
                                    std::size_t maxValues) {
  std::vector<double> values;
  if (text.find(':') != std::string::npos) {
    const std::vector<std::string> parts = split(text, ':');
    if (parts.size() != 3)
      throw Error(option + " '" + text + "': a range is START:STOP:STEP (e.g. 0:1.5:0.1)");
    const double start = parseNumber(parts[0], option, text);
    const double stop = parseNumber(parts[1], option, text);
    const double step = parseNumber(parts[2], option, text);
    if (!(step > 0)) throw Error(option + " '" + text + "': the step must be > 0");
    if (stop < start) throw Error(option + " '" + text + "': STOP is below START");
    // The tolerance keeps a stop that lies on the grid up to rounding (1.5 = 0 + 15 * 0.1).
    const double steps = std::floor((stop - start) / step + 1e-9);
    if (steps + 1 > static_cast<double>(maxValues))
      throw Error(option + " '" + text + "': more than " + std::to_string(maxValues) + " values");
    for (int i = 0; i <= static_cast<int>(steps); ++i)
      values.push_back(roundToSignificant(start + i * step));
  } else {
    for (const std::string& part : split(text, ','))
      values.push_back(roundToSignificant(parseNumber(part, option, text)));
    if (values.size() > maxValues)
      throw Error(option + " '" + text + "': more than " + std::to_string(maxValues) + " values");
  }
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
    throw Error(option + " '" + text + "': a value is listed twice");
  return values;
}

}  // namespace latentecho::cli

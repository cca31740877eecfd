#pragma once
// What the benchmarks measure besides wall time, Linux-specific and torch-free: CPU time of this
// process, resident memory and its high-water mark, and the machine's load (the benchmarks run on
// a shared machine, where wall time also measures the neighbours).
#include <sys/resource.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace latentecho::cli::bench {

// CPU seconds (user + system) of this process so far.
inline double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// A /proc/self/status field ("VmRSS", "VmHWM") in MiB; 0 where there is no such file.
inline double statusMib(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size() + 1, key + ":") == 0)
      return std::strtod(line.c_str() + key.size() + 1, nullptr) / 1024.0;
  }
  return 0.0;
}

// Resets VmHWM to the current RSS (Linux clear_refs 5); false where that is not possible.
inline bool resetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

// The 1-minute load average (/proc/loadavg), or -1.
inline double loadAverage() {
  std::ifstream in("/proc/loadavg");
  double load = -1.0;
  in >> load;
  return in ? load : -1.0;
}

}  // namespace latentecho::cli::bench

#pragma once
// Runs the `latentecho` command line in-process and captures what it printed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli.h"

namespace latentecho::testing {

struct CliOutcome {
  int exitCode = -1;
  std::string out;  // stdout: the JSON object with --json
  std::string err;  // stderr: progress and messages
  nlohmann::json json() const { return nlohmann::json::parse(out); }
};

inline CliOutcome runCli(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), "latentecho");
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  CliOutcome outcome;
  outcome.exitCode = cli::run(static_cast<int>(argv.size()), argv.data());
  outcome.out = ::testing::internal::GetCapturedStdout();
  outcome.err = ::testing::internal::GetCapturedStderr();
  return outcome;
}

}  // namespace latentecho::testing

#pragma once
// What every subcommand shares: the --json switch, the result object, a terminal progress bar
// and Ctrl-C turned into cancellation.
#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/progress.h"

namespace latentecho::cli {

struct Session {
  bool json = false;
  bool quiet = false;
  nlohmann::json result = nlohmann::json::object();
  std::function<void()> action;  // set by the chosen subcommand's callback
  std::vector<std::string> arguments;  // argv as given, argv[0] included (for provenance)

  // A Progress that draws a bar on stderr (when it is a terminal, else a line per 10%) and turns
  // Ctrl-C into cancellation.
  Progress progress() const;
  // A human line on stderr unless --quiet.
  void say(const std::string& line) const;
};

// The group subcommand `name` (e.g. "train", "bench") that several files add their subcommands to:
// the existing one, or a new one requiring a subcommand.
CLI::App* subcommandGroup(CLI::App& app, const std::string& name, const std::string& description);

// Each file in src/cli adds its subcommand(s) here.
using CommandRegistrar = void (*)(CLI::App& app, Session& session);
void addInfoCommand(CLI::App& app, Session& session);
void addSimulateCommand(CLI::App& app, Session& session);
void addDegradeCommand(CLI::App& app, Session& session);
// Core-only commands (no io layer needed): StyleGAN2 model import / synthesis / export.
void addImportCommand(CLI::App& app, Session& session);
void addSynthesizeCommand(CLI::App& app, Session& session);
void addExportCommand(CLI::App& app, Session& session);
// e4e encoder: `import e4e` and `bench encoder` (core only); `invert` (io).
void importE4eModel(const std::string& in, const std::string& out, bool half, Session& session);
void addBenchEncoderCommand(CLI::App& app, Session& session);
void addInvertCommand(CLI::App& app, Session& session);
// `train encoder` (reads datasets: needs the io layer).
void addTrainEncoderCommand(CLI::App& app, Session& session);
// PTI and editing (read clips: need the io layer): tune, direction, enhance.
void addTuneCommand(CLI::App& app, Session& session);
void addDirectionCommand(CLI::App& app, Session& session);
void addEnhanceCommand(CLI::App& app, Session& session);
void addBenchCommand(CLI::App& app, Session& session);
// `train gan` (reads datasets: needs the io layer).
void addTrainCommand(CLI::App& app, Session& session);

// `train segmenter` and `measure` (read datasets and clips: need the io layer).
void addTrainSegmenterCommand(CLI::App& app, Session& session);
void addMeasureCommand(CLI::App& app, Session& session);
// `evaluate` (datasets, PTI, segmenter, classical baselines: needs the io layer).
void addEvaluateCommand(CLI::App& app, Session& session);
// `import echonet-segmenter IN --out DIR [--half]` (core only).
void importEchoNetSegmenterModel(const std::string& in, const std::string& out, bool half,
                                 Session& session);

// `train ef` and `train quality` (read datasets: need the io layer).
void addTrainVideoModelCommands(CLI::App& app, Session& session);
// `import echonet-ef IN --out DIR [--mean M --std S] [--half]` (core only).
void importEchoNetEfModel(const std::string& in, const std::string& out, bool half,
                          const std::vector<double>& mean, const std::vector<double>& std,
                          Session& session);

}  // namespace latentecho::cli

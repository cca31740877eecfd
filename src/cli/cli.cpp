#include "cli.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <vector>
#include <unistd.h>

#include "command.h"
#include "latentecho/core/error.h"
#include "latentecho/core/runtime.h"
#include "manual_page.h"

namespace latentecho::cli {

#ifdef LATENTECHO_HAVE_IO
// cmd_bench_pti.cpp; declared with what it builds on in tuned_clip.h (io headers).
void addBenchPtiCommands(CLI::App& app, Session& session);
#endif

namespace {

std::atomic<bool> interrupted{false};

extern "C" void onInterrupt(int) { interrupted = true; }

class TerminalBar {
 public:
  explicit TerminalBar(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}
  bool update(double fraction, std::string_view stage) {
    if (interrupted) return false;
    if (quiet_) return true;
    const int percent = static_cast<int>(fraction * 100.0 + 0.5);
    if (tty_) {
      constexpr int kWidth = 30;
      const int filled = static_cast<int>(fraction * kWidth);
      std::string bar(filled, '#');
      bar.resize(kWidth, '.');
      std::fprintf(stderr, "\r[%s] %3d%% %-64.64s", bar.c_str(), percent,
                   std::string(stage).c_str());
      if (percent >= 100) std::fputc('\n', stderr);
      std::fflush(stderr);
    } else if (percent / 10 != lastDecile_ || stage != lastStage_) {
      lastDecile_ = percent / 10;
      lastStage_ = std::string(stage);
      std::fprintf(stderr, "%3d%% %s\n", percent, lastStage_.c_str());
    }
    return true;
  }

 private:
  bool quiet_;
  bool tty_;
  int lastDecile_ = -1;
  std::string lastStage_;
};

}  // namespace

Progress Session::progress() const {
  auto bar = std::make_shared<TerminalBar>(quiet);
  return Progress([bar](double f, std::string_view stage) { return bar->update(f, stage); });
}

void Session::say(const std::string& line) const {
  if (!quiet) std::cerr << line << '\n';
}

CLI::App* subcommandGroup(CLI::App& app, const std::string& name, const std::string& description) {
  for (CLI::App* sub : app.get_subcommands({}))
    if (sub->get_name() == name) return sub;
  CLI::App* group = app.add_subcommand(name, description);
  group->require_subcommand(1);
  return group;
}

int run(int argc, char** argv) {
  CLI::App app{"LatentEcho: echocardiogram enhancement by latent space editing", "latentecho"};
  app.set_version_flag("--version", std::string("latentecho ") + LATENTECHO_VERSION);
  app.require_subcommand(1);
  Session session;
  session.arguments.assign(argv, argv + argc);
  app.add_flag("--json", session.json, "Print one JSON object with the results on stdout");
  app.add_flag("-q,--quiet", session.quiet, "No progress or messages on stderr");
  std::vector<CommandRegistrar> registrars{&addImportCommand, &addSynthesizeCommand,
                                           &addExportCommand, &addBenchCommand};
#ifdef LATENTECHO_HAVE_IO
  registrars.insert(registrars.end(), {&addInfoCommand, &addSimulateCommand, &addDegradeCommand,
                                            &addTrainCommand});
  registrars.insert(registrars.end(),
                    {&addTuneCommand, &addDirectionCommand, &addEnhanceCommand});
  registrars.insert(registrars.end(), {&addTrainSegmenterCommand, &addMeasureCommand});
  registrars.push_back(&addInvertCommand);
  registrars.push_back(&addTrainEncoderCommand);
  registrars.push_back(&addEvaluateCommand);
  registrars.push_back(&addTrainVideoModelCommands);
  registrars.push_back(&addBenchPtiCommands);
#endif
  registrars.push_back(&addBenchEncoderCommand);
  for (CommandRegistrar add : registrars) add(app, session);
  // --json and --quiet are accepted after the subcommand too.
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->fallthrough();
  }
  // `latentecho --manpage` prints the man page made from these very commands (the build writes
  // latentecho.1 with it); it is not listed in --help.
  if (argc == 2 && std::string(argv[1]) == "--manpage") {
    std::cout << manualPage(app, LATENTECHO_VERSION);
    return 0;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }

  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  try {
    initRuntime();
    if (session.action) session.action();
    if (session.json) std::cout << session.result.dump(2) << std::endl;
    return 0;
  } catch (const Cancelled&) {
    std::cerr << "\nlatentecho: cancelled; nothing was left half-written\n";
    return 130;
  } catch (const Error& e) {
    std::cerr << "latentecho: error: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "latentecho: internal error: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace latentecho::cli

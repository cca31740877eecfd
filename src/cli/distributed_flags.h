#pragma once
// The data-parallel flags `train gan` and `train encoder` share (--world-size, --rank, --master,
// --dist-timeout, --dist-backend; SLURM / torchrun environment when they are absent), and the rank's role in the
// command: rank 0 prints and writes, the others stay quiet and write nothing.
#include <CLI/CLI.hpp>
#include <string>

#include "command.h"
#include "latentecho/core/distributed.h"
#include "latentecho/core/error.h"

namespace latentecho::cli {

struct DistributedFlags {
  int worldSize = 1;
  int rank = 0;
  std::string master;  // ADDR:PORT
  double timeoutSeconds = 600.0;
  std::string backend = "auto";  // --dist-backend: auto, gloo or nccl
  CLI::Option* worldSizeOption = nullptr;
  CLI::Option* rankOption = nullptr;
};

void addDistributedFlags(CLI::App& command, DistributedFlags& flags);

// Resolves the flags and the environment (distributed.h), the rank's device (`device`, the
// process's default: rankDevice() picks this rank's GPU) and joins the other ranks (collective).
// On ranks other than 0 the session turns quiet and prints no --json result (Ctrl-C still
// cancels). A single process gets a one-rank group and the session unchanged.
ProcessGroup joinProcessGroup(const DistributedFlags& flags, Session& session,
                              const std::string& device = "cpu");

// Runs `body`; when it throws on a multi-process run, tells the other ranks why this rank stops
// (they fail at once with that message rather than after the timeout) and rethrows, with the rank
// named in an Error's message.
template <class Body>
void runAsRank(const ProcessGroup& group, Body body) {
  try {
    body();
  } catch (const Cancelled&) {
    group.announceFailure("it was interrupted (Ctrl-C or SIGTERM)");
    throw;
  } catch (const Error& e) {
    if (!group.distributed()) throw;
    group.announceFailure(e.what());
    const std::string prefix =
        "rank " + std::to_string(group.rank()) + " of " + std::to_string(group.worldSize()) + ": ";
    const std::string message = e.what();
    throw Error(message.rfind("data-parallel training", 0) == 0 ? message : prefix + message);
  } catch (const std::exception& e) {
    group.announceFailure(std::string("internal error: ") + e.what());
    throw;
  }
}

}  // namespace latentecho::cli

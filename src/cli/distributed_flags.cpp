#include "distributed_flags.h"

#include <chrono>
#include <cmath>
#include <optional>

#include "latentecho/core/error.h"

namespace latentecho::cli {

void addDistributedFlags(CLI::App& command, DistributedFlags& flags) {
  const std::string group = "Multi-process (data-parallel) training";
  flags.worldSizeOption =
      command
          .add_option("--world-size", flags.worldSize,
                      "Number of processes training together (default: SLURM_NTASKS or "
                      "WORLD_SIZE, else 1). Each runs this same command with its own --rank")
          ->check(CLI::Range(1, 65536))
          ->group(group);
  flags.rankOption = command
                         .add_option("--rank", flags.rank,
                                     "This process, 0..world size-1 (default: SLURM_PROCID or "
                                     "RANK); rank 0 writes the model folder and prints progress")
                         ->check(CLI::NonNegativeNumber)
                         ->group(group);
  command
      .add_option("--master", flags.master,
                  "ADDR:PORT where rank 0 listens for the others (default: MASTER_ADDR and "
                  "MASTER_PORT, port 29500)")
      ->group(group);
  command
      .add_option("--dist-timeout", flags.timeoutSeconds,
                  "Seconds a rank waits for the others (rendezvous, each exchange; longer than "
                  "rank 0 needs for a checkpoint or snapshot)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->group(group);
  command
      .add_option("--dist-backend", flags.backend,
                  "How ranks exchange gradients: gloo (CPU), nccl (GPU to GPU; builds against a "
                  "LibTorch with CUDA), or auto: nccl when training on CUDA and built with it")
      ->check(CLI::IsMember({"auto", "gloo", "nccl"}))
      ->capture_default_str()
      ->group(group);
}

ProcessGroup joinProcessGroup(const DistributedFlags& flags, Session& session,
                              const std::string& device) {
  const std::optional<int> worldSize = flags.worldSizeOption && flags.worldSizeOption->count()
                                           ? std::optional<int>(flags.worldSize)
                                           : std::nullopt;
  const std::optional<int> rank =
      flags.rankOption && flags.rankOption->count() ? std::optional<int>(flags.rank) : std::nullopt;
  DistributedOptions options = resolveDistributedOptions(worldSize, rank, flags.master);
  options.timeout = std::chrono::milliseconds(std::llround(flags.timeoutSeconds * 1000.0));
  options.backend = parseCollectiveBackend(flags.backend);
  options.device = rankDevice(options, device);
  if (!options.distributed()) return ProcessGroup::connect(options);
  const std::string master = options.masterAddress + ":" + std::to_string(options.masterPort);
  if (options.rank == 0)
    session.say("Rank 0 of " + std::to_string(options.worldSize) + ": waiting at " + master +
                " for the other ranks ...");
  ProcessGroup group = ProcessGroup::connect(options);
  if (group.isMain()) {
    session.say("All " + std::to_string(options.worldSize) + " ranks joined over " +
                collectiveBackendName(group.backend()) + "; rank 0 writes and reports");
  } else {
    session.quiet = true;
    session.json = false;
  }
  return group;
}

}  // namespace latentecho::cli

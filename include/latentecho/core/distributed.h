#pragma once
// Data-parallel training across processes over PyTorch's c10d: a TCP rendezvous store on the
// master and a process group of one of two backends (CollectiveBackend): Gloo (CPU tensors; CUDA
// tensors are staged through the CPU) or, in builds against a LibTorch with CUDA and NCCL, NCCL
// (CUDA tensors on each rank's own GPU, exchanged GPU to GPU). One process per rank; rank 0 is the *main* rank: it hosts the rendezvous on ADDR:PORT and is the
// only rank that writes files (checkpoints, snapshots, loss logs, model folders) and shows
// progress. The trainers (gan_training.h, encoder_training.h) take a ProcessGroup and keep to
// that rule themselves; callers do the same for what they write.
//
// Collective calls: every rank must make them, in the same order, with tensors of the same
// shapes and dtypes: ProcessGroup::connect, allReduceSum, broadcastFromMain, barrier.
// Everything else here is rank-local.
//
// Failures are bounded in time and named: a collective that cannot complete (a peer was killed,
// crashed, hangs, or stopped with an error) throws latentecho::Error within about `timeout`
// (at once when a peer's connection closes), saying which rank stopped and, when that rank
// announced it (announceFailure), why. A rank that cannot reach the master, or a master that
// cannot listen on its port, throws Error naming ADDR:PORT.
//
// Thread-safety: a ProcessGroup (and its copies, which share one connection) is used by one
// thread at a time.
#include <ATen/ATen.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace latentecho {

// How the ranks exchange tensors. Automatic: NCCL when this build has it (ncclCompiledIn()) and
// the rank trains on a CUDA device, else Gloo.
enum class CollectiveBackend { Automatic, Gloo, Nccl };

// "auto", "gloo" or "nccl" (the CLI's --dist-backend); anything else throws Error.
CollectiveBackend parseCollectiveBackend(const std::string& name);
std::string collectiveBackendName(CollectiveBackend backend);
// Whether this build carries Gloo / NCCL (decided when it was compiled: Gloo's headers; a LibTorch
// with CUDA, its ProcessGroupNCCL and nccl.h).
bool glooCompiledIn();
bool ncclCompiledIn();

struct DistributedOptions {
  int worldSize = 1;                        // number of processes (ranks)
  int rank = 0;                             // this process, 0 .. worldSize - 1; 0 is the main rank
  int localRank = 0;                        // this process among the ranks of its machine
  std::string masterAddress = "127.0.0.1";  // host name or address of rank 0
  int masterPort = 29500;                   // TCP port rank 0 listens on (PyTorch's default)
  // How long the rendezvous and each collective may wait for the other ranks. A rank waits for
  // the main rank while it writes a checkpoint or snapshot, so keep it above that time.
  std::chrono::milliseconds timeout = std::chrono::minutes(10);
  CollectiveBackend backend = CollectiveBackend::Automatic;
  std::string device = "cpu";  // where this rank trains ("cpu", "cuda:1"); see rankDevice()

  // The backend connect() uses: `backend` with Automatic decided by `device`. Throws Error when
  // the backend asked for is not in this build, or NCCL is asked for a CPU device.
  CollectiveBackend effectiveBackend() const;

  bool distributed() const { return worldSize > 1; }
  // Throws Error naming the first invalid field.
  void validate() const;
};

// Resolves where this process stands. Explicit values (the CLI's --world-size, --rank,
// --master ADDR:PORT) win; otherwise SLURM's SLURM_NTASKS / SLURM_PROCID (or torchrun's
// WORLD_SIZE / RANK) with MASTER_ADDR / MASTER_PORT; otherwise a single process. The local rank
// comes from LOCAL_RANK (torchrun) or SLURM_LOCALID, else equals the rank. Throws Error for
// incomplete or contradictory settings (a world size without a rank, a rank >= the world size,
// a malformed ADDR:PORT, a multi-process SLURM job step without MASTER_ADDR).
// `environment` looks up a variable (nullptr when unset); std::getenv by default.
DistributedOptions resolveDistributedOptions(
    std::optional<int> worldSize, std::optional<int> rank, const std::string& master = "",
    const std::function<const char*(const char*)>& environment = [](const char* name) {
      return static_cast<const char*>(std::getenv(name));
    });

// The device a rank trains on, given the process's default ("cpu" or "cuda", runtime.h): on
// CUDA, ranks on one machine take GPUs in turn (cuda:<localRank mod the visible GPUs>); a single
// process keeps `device` as it is.
std::string rankDevice(const DistributedOptions& options, const std::string& device);

class ProcessGroup {
 public:
  // A single process: rank 0 of 1; the collectives return at once and change nothing.
  ProcessGroup();
  // Collective: the rendezvous of options.worldSize ranks at the master (a single process when
  // worldSize is 1), then the process group of options.effectiveBackend(). Throws Error naming
  // the master address, this rank and the problem.
  static ProcessGroup connect(const DistributedOptions& options);

  int rank() const;
  int worldSize() const;
  bool isMain() const { return rank() == 0; }
  bool distributed() const { return worldSize() > 1; }
  const DistributedOptions& options() const;
  // The backend in use (Gloo for a single process, which exchanges nothing).
  CollectiveBackend backend() const;

  // Collective: on return every tensor holds its element-wise sum over the ranks (float or
  // integer tensors, any device; they are packed into one message per dtype, on the CPU for Gloo,
  // on the rank's GPU for NCCL). `what` names the
  // operation in errors ("the generator's gradients").
  void allReduceSum(const std::vector<at::Tensor>& tensors, const std::string& what) const;
  // Collective: on return every rank's tensors hold the main rank's values.
  void broadcastFromMain(const std::vector<at::Tensor>& tensors, const std::string& what) const;
  // Collective: returns when every rank called it.
  void barrier(const std::string& what) const;

  // Rank-local, never throws: leaves `message` (why this rank stops) where the other ranks find
  // it when their next collective fails, and closes this rank's connections so that they notice
  // now rather than after the timeout. The group is unusable afterwards. The CLI calls it before
  // it exits with an error.
  void announceFailure(const std::string& message) const noexcept;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace latentecho

#include "latentecho/core/distributed.h"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include <torch/cuda.h>

#include "latentecho/core/error.h"

#if defined(LATENTECHO_HAVE_GLOO) || defined(LATENTECHO_HAVE_NCCL)
#define LATENTECHO_HAVE_C10D 1
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
#ifdef LATENTECHO_HAVE_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef LATENTECHO_HAVE_NCCL
// Needs USE_C10D_NCCL (set with LATENTECHO_HAVE_NCCL by src/core/CMakeLists.txt).
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace latentecho {
namespace {

std::string firstLine(const std::string& text) {
  // c10 errors append a C++ stack trace after the message.
  const auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

std::optional<int> parseInt(const std::string& text, const std::string& what) {
  if (text.empty()) return std::nullopt;
  size_t used = 0;
  int value = 0;
  try {
    value = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size()) throw Error(what + " '" + text + "' is not an integer");
  return value;
}

}  // namespace

CollectiveBackend parseCollectiveBackend(const std::string& name) {
  if (name == "auto") return CollectiveBackend::Automatic;
  if (name == "gloo") return CollectiveBackend::Gloo;
  if (name == "nccl") return CollectiveBackend::Nccl;
  throw Error("unknown collective backend '" + name + "' (auto, gloo or nccl)");
}

std::string collectiveBackendName(CollectiveBackend backend) {
  switch (backend) {
    case CollectiveBackend::Automatic:
      return "auto";
    case CollectiveBackend::Gloo:
      return "gloo";
    case CollectiveBackend::Nccl:
      return "nccl";
  }
  return "auto";
}

bool glooCompiledIn() {
#ifdef LATENTECHO_HAVE_GLOO
  return true;
#else
  return false;
#endif
}

bool ncclCompiledIn() {
#ifdef LATENTECHO_HAVE_NCCL
  return true;
#else
  return false;
#endif
}

CollectiveBackend DistributedOptions::effectiveBackend() const {
  const bool cuda = device.rfind("cuda", 0) == 0;
  CollectiveBackend chosen = backend;
  if (chosen == CollectiveBackend::Automatic)
    chosen = cuda && ncclCompiledIn() ? CollectiveBackend::Nccl : CollectiveBackend::Gloo;
  if (chosen == CollectiveBackend::Nccl) {
    if (!ncclCompiledIn())
      throw Error(
          "NCCL was asked for (--dist-backend nccl), but this build of LatentEcho has no NCCL: "
          "it needs a LibTorch with CUDA and NCCL at build time; use --dist-backend gloo");
    if (!cuda)
      throw Error("NCCL exchanges CUDA tensors, but this rank trains on " + device +
                  "; use --dist-backend gloo (or auto)");
  } else if (!glooCompiledIn()) {
    throw Error(
        "this build of LatentEcho has no Gloo for multi-process training (it was built without "
        "Gloo's headers; install libgloo-dev and rebuild" +
        std::string(ncclCompiledIn() ? ", or train on CUDA with --dist-backend nccl)" : ")"));
  }
  return chosen;
}

std::string rankDevice(const DistributedOptions& options, const std::string& device) {
  if (!options.distributed() || device != "cuda") return device;
  const auto gpus = static_cast<int>(torch::cuda::device_count());
  if (gpus <= 1) return device;
  return "cuda:" + std::to_string(options.localRank % gpus);
}

void DistributedOptions::validate() const {
  if (worldSize < 1)
    throw Error("the world size must be at least 1, got " + std::to_string(worldSize));
  if (rank < 0 || rank >= worldSize)
    throw Error("the rank must lie in 0.." + std::to_string(worldSize - 1) +
                " for a world size of " + std::to_string(worldSize) + ", got " +
                std::to_string(rank));
  if (distributed()) {
    if (masterAddress.empty()) throw Error("the master address is empty");
    if (masterPort < 1 || masterPort > 65535)
      throw Error("the master port must lie in 1..65535, got " + std::to_string(masterPort));
  }
  if (timeout.count() <= 0) throw Error("the distributed timeout must be positive");
  if (localRank < 0) throw Error("the local rank must not be negative");
}

DistributedOptions resolveDistributedOptions(
    std::optional<int> worldSize, std::optional<int> rank, const std::string& master,
    const std::function<const char*(const char*)>& environment) {
  auto env = [&](const char* name) -> std::string {
    const char* value = environment(name);
    return value ? std::string(value) : std::string();
  };
  DistributedOptions o;
  std::string worldSource = "--world-size", rankSource = "--rank";
  if (!worldSize) {
    for (const char* name : {"SLURM_NTASKS", "WORLD_SIZE"}) {
      if (auto v = parseInt(env(name), name)) {
        worldSize = v;
        worldSource = name;
        break;
      }
    }
  }
  if (!rank) {
    for (const char* name : {"SLURM_PROCID", "RANK"}) {
      if (auto v = parseInt(env(name), name)) {
        rank = v;
        rankSource = name;
        break;
      }
    }
  }
  o.worldSize = worldSize.value_or(1);
  if (o.worldSize < 1)
    throw Error(worldSource + " must be at least 1, got " + std::to_string(o.worldSize));
  if (o.worldSize == 1) {
    if (rank && *rank != 0)
      throw Error(rankSource + " " + std::to_string(*rank) + " needs a world size above it (" +
                  worldSource + " is 1)");
    return o;  // a single process: no master needed
  }
  if (!rank)
    throw Error(
        worldSource + " is " + std::to_string(o.worldSize) +
        " but no rank is given: pass --rank R (or run under srun, which sets SLURM_PROCID)");
  o.rank = *rank;
  o.localRank = o.rank;
  for (const char* name : {"LOCAL_RANK", "SLURM_LOCALID"}) {
    if (auto v = parseInt(env(name), name)) {
      o.localRank = *v;
      break;
    }
  }
  if (o.rank < 0 || o.rank >= o.worldSize)
    throw Error(rankSource + " " + std::to_string(o.rank) + " is outside 0.." +
                std::to_string(o.worldSize - 1) + " (" + worldSource + " " +
                std::to_string(o.worldSize) + ")");

  std::string address, port;
  if (!master.empty()) {
    const auto colon = master.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == master.size())
      throw Error("--master '" + master + "' is not ADDR:PORT (e.g. 127.0.0.1:29500)");
    address = master.substr(0, colon);
    port = master.substr(colon + 1);
    if (address.size() > 2 && address.front() == '[' && address.back() == ']')
      address = address.substr(1, address.size() - 2);  // [IPv6]:port
  } else {
    address = env("MASTER_ADDR");
    port = env("MASTER_PORT");
    if (address.empty())
      throw Error("a world of " + std::to_string(o.worldSize) + " ranks (" + worldSource +
                  ") needs the master's address: pass --master ADDR:PORT or set MASTER_ADDR "
                  "(in SLURM: export MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" "
                  "| head -n 1))");
    if (port.empty()) port = std::to_string(o.masterPort);
  }
  const std::optional<int> portNumber =
      parseInt(port, master.empty() ? "MASTER_PORT" : "--master port");
  o.masterAddress = address;
  o.masterPort = portNumber.value_or(0);
  o.validate();
  return o;
}

// ---------------------------------------------------------------------------------------------
#ifdef LATENTECHO_HAVE_C10D
namespace {

constexpr const char* kFailureKey = "latentecho/failure/";
constexpr const char* kFailureSeenKey = "latentecho/failure-seen";
constexpr const char* kHeartbeatKey = "latentecho/heartbeat/";
constexpr auto kHeartbeatInterval = std::chrono::milliseconds(400);

std::vector<uint8_t> bytes(const std::string& text) { return {text.begin(), text.end()}; }

// Each rank bumps a counter in the store every kHeartbeatInterval from its own connection, so
// that a rank whose collective failed can tell which peers still run.
class Heartbeat {
 public:
  Heartbeat(const std::string& host, int port, int rank) {
    thread_ = std::thread([this, host, port, rank] {
      try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(port);
        options.isServer = false;
        options.waitWorkers = false;
        options.timeout = std::chrono::seconds(5);
        c10d::TCPStore store(host, options);
        const std::string key = kHeartbeatKey + std::to_string(rank);
        std::unique_lock<std::mutex> lock(mutex_);
        while (!stop_) {
          lock.unlock();
          store.add(key, 1);
          lock.lock();
          stopped_.wait_for(lock, kHeartbeatInterval, [this] { return stop_; });
        }
      } catch (const std::exception&) {
        // The master is gone: the collectives report it.
      }
    });
  }
  ~Heartbeat() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    stopped_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable stopped_;
  bool stop_ = false;
  std::thread thread_;
};

bool isLoopback(const std::string& address) {
  return address == "localhost" || address.rfind("127.", 0) == 0 || address == "::1";
}

}  // namespace

struct ProcessGroup::Impl {
  DistributedOptions options;
  c10::intrusive_ptr<c10d::TCPStore> store;
  CollectiveBackend backend = CollectiveBackend::Gloo;
  // One of the two, by backend; both null once closed. (Their common base differs between
  // LibTorch versions, ProcessGroup in 1.x and Backend in 2.x, so each keeps its own type.)
#ifdef LATENTECHO_HAVE_GLOO
  c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
#endif
#ifdef LATENTECHO_HAVE_NCCL
  c10::intrusive_ptr<c10d::ProcessGroupNCCL> nccl;
#endif
  std::unique_ptr<Heartbeat> heartbeat;

  bool open() const {
#ifdef LATENTECHO_HAVE_GLOO
    if (gloo) return true;
#endif
#ifdef LATENTECHO_HAVE_NCCL
    if (nccl) return true;
#endif
    return false;
  }
  // Calls op(group) with the open process group and waits for the work it returns.
  template <class Op>
  void run(Op op) {
#ifdef LATENTECHO_HAVE_GLOO
    if (gloo) {
      op(*gloo)->wait();
      return;
    }
#endif
#ifdef LATENTECHO_HAVE_NCCL
    if (nccl) {
      op(*nccl)->wait();
      return;
    }
#endif
  }
  void close() {
#ifdef LATENTECHO_HAVE_GLOO
    gloo.reset();
#endif
#ifdef LATENTECHO_HAVE_NCCL
    nccl.reset();
#endif
  }
  // Where the packed message of a collective lives: the CPU for Gloo, the rank's GPU for NCCL.
  at::Device messageDevice() const {
    return backend == CollectiveBackend::Nccl ? at::Device(options.device) : at::Device(at::kCPU);
  }

  std::string where() const {
    return "rank " + std::to_string(options.rank) + " of " + std::to_string(options.worldSize);
  }
  std::string master() const {
    return options.masterAddress + ":" + std::to_string(options.masterPort);
  }

  // Why a collective failed, as far as the store can tell: a rank that announced its failure, a
  // rank whose heartbeat stopped, or the master itself gone.
  [[noreturn]] void fail(const std::string& what, const std::string& reason) {
    const std::string prefix = "data-parallel training (" + where() + "): " + what + " failed: ";
    if (!store) throw Error(prefix + "this rank already stopped");
    std::string diagnosis;
    try {
      store->setTimeout(std::chrono::seconds(3));
      for (int r = 0; r < options.worldSize; ++r) {
        if (r == options.rank) continue;
        const std::string key = kFailureKey + std::to_string(r);
        if (store->check({key})) {
          const std::vector<uint8_t> message = store->get(key);
          store->add(kFailureSeenKey, 1);
          diagnosis = "rank " + std::to_string(r) +
                      " stopped: " + std::string(message.begin(), message.end());
          break;
        }
      }
      if (diagnosis.empty()) {
        auto beats = [&] {
          std::vector<int64_t> out;
          for (int r = 0; r < options.worldSize; ++r)
            out.push_back(store->add(kHeartbeatKey + std::to_string(r), 0));
          return out;
        };
        const std::vector<int64_t> before = beats();
        std::this_thread::sleep_for(kHeartbeatInterval * 5);
        const std::vector<int64_t> after = beats();
        std::string silent;
        for (int r = 0; r < options.worldSize; ++r)
          if (r != options.rank && after[static_cast<size_t>(r)] == before[static_cast<size_t>(r)])
            silent += (silent.empty() ? "" : ", ") + std::to_string(r);
        if (!silent.empty())
          diagnosis = "rank " + silent + " stopped responding (killed, crashed or hung)";
        else
          diagnosis = "every rank still runs; one was slower than the timeout of " +
                      std::to_string(options.timeout.count() / 1000) +
                      " s allows (raise --dist-timeout)";
      }
    } catch (const Error&) {
      throw;
    } catch (const std::exception&) {
      diagnosis = "rank 0 (the master at " + master() + ") stopped or cannot be reached";
    }
    throw Error(prefix + diagnosis + " [" + reason + "]");
  }

  template <class Op>
  void collective(const std::string& what, Op op) {
    if (!open()) fail(what, "the process group was closed after a failure");
    try {
      run(op);
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      fail(what, firstLine(e.what()));
    }
  }
};

ProcessGroup ProcessGroup::connect(const DistributedOptions& options) {
  options.validate();
  ProcessGroup out;
  out.impl_->options = options;
  if (!options.distributed()) return out;
  Impl& impl = *out.impl_;
  impl.backend = options.effectiveBackend();
  const std::string master = impl.master();
  const std::string where = impl.where();
  try {
    c10d::TCPStoreOptions storeOptions;
    storeOptions.port = static_cast<std::uint16_t>(options.masterPort);
    storeOptions.isServer = options.rank == 0;
    storeOptions.numWorkers = static_cast<std::size_t>(options.worldSize);
    storeOptions.waitWorkers = true;
    storeOptions.timeout = options.timeout;
    impl.store = c10::make_intrusive<c10d::TCPStore>(options.masterAddress, storeOptions);
  } catch (const std::exception& e) {
    const std::string reason = firstLine(e.what());
    if (options.rank == 0)
      throw Error("data-parallel training (" + where + "): the rendezvous at " + master +
                  " failed: either this master cannot listen there (port in use? address not "
                  "this machine's?) or not all " +
                  std::to_string(options.worldSize) + " ranks joined within " +
                  std::to_string(options.timeout.count() / 1000) + " s [" + reason + "]");
    throw Error("data-parallel training (" + where + "): cannot reach the master at " + master +
                " within " + std::to_string(options.timeout.count() / 1000) +
                " s (is rank 0 running there, and the address and port right?) [" + reason + "]");
  }
  impl.heartbeat =
      std::make_unique<Heartbeat>(options.masterAddress, options.masterPort, options.rank);
  if (impl.backend == CollectiveBackend::Nccl) {
#ifdef LATENTECHO_HAVE_NCCL
    try {
      // Without blocking wait a collective whose peer died would hang past the timeout; with it,
      // wait() throws once the timeout passes (both spellings: LibTorch 1.x and 2.x).
      setenv("NCCL_BLOCKING_WAIT", "1", 0);
      setenv("TORCH_NCCL_BLOCKING_WAIT", "1", 0);
      auto ncclOptions = c10d::ProcessGroupNCCL::Options::create();
      ncclOptions->timeout = options.timeout;
      impl.nccl = c10::make_intrusive<c10d::ProcessGroupNCCL>(impl.store, options.rank,
                                                              options.worldSize, ncclOptions);
    } catch (const std::exception& e) {
      impl.fail("connecting the NCCL process group", firstLine(e.what()));
    }
#endif
    return out;
  }
#ifdef LATENTECHO_HAVE_GLOO
  try {
    auto glooOptions = c10d::ProcessGroupGloo::Options::create(options.timeout);
    // On one machine (a loopback master) every rank talks over the loopback interface; otherwise
    // over GLOO_SOCKET_IFNAME when set, else the interface of this host's name.
    const char* interface = std::getenv("GLOO_SOCKET_IFNAME");
    if (interface && *interface)
      glooOptions->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(interface));
    else if (isLoopback(options.masterAddress))
      glooOptions->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else
      glooOptions->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    glooOptions->threads = 1;
    impl.gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(impl.store, options.rank,
                                                             options.worldSize, glooOptions);
  } catch (const std::exception& e) {
    impl.fail("connecting the Gloo process group", firstLine(e.what()));
  }
#endif
  return out;
}

void ProcessGroup::allReduceSum(const std::vector<at::Tensor>& tensors,
                                const std::string& what) const {
  if (!distributed() || tensors.empty()) return;
  at::NoGradGuard noGrad;
  // One message per dtype: the tensors flattened into one CPU buffer.
  std::map<at::ScalarType, std::vector<const at::Tensor*>> byType;
  for (const at::Tensor& t : tensors) byType[t.scalar_type()].push_back(&t);
  for (auto& [type, group] : byType) {
    std::vector<at::Tensor> flat;
    for (const at::Tensor* t : group)
      flat.push_back(t->detach().reshape({-1}).to(impl_->messageDevice()));
    std::vector<at::Tensor> buffer{at::cat(flat)};
    impl_->collective(what, [&](auto& processGroup) { return processGroup.allreduce(buffer); });
    int64_t offset = 0;
    for (const at::Tensor* t : group) {
      at::Tensor target = *t;
      target.copy_(buffer[0].narrow(0, offset, t->numel()).view(t->sizes()));
      offset += t->numel();
    }
  }
}

void ProcessGroup::broadcastFromMain(const std::vector<at::Tensor>& tensors,
                                     const std::string& what) const {
  if (!distributed() || tensors.empty()) return;
  at::NoGradGuard noGrad;
  std::map<at::ScalarType, std::vector<const at::Tensor*>> byType;
  for (const at::Tensor& t : tensors) byType[t.scalar_type()].push_back(&t);
  for (auto& [type, group] : byType) {
    std::vector<at::Tensor> flat;
    for (const at::Tensor* t : group)
      flat.push_back(t->detach().reshape({-1}).to(impl_->messageDevice()));
    std::vector<at::Tensor> buffer{at::cat(flat)};
    c10d::BroadcastOptions options;
    options.rootRank = 0;
    impl_->collective(what,
                      [&](auto& processGroup) { return processGroup.broadcast(buffer, options); });
    int64_t offset = 0;
    for (const at::Tensor* t : group) {
      at::Tensor target = *t;
      target.copy_(buffer[0].narrow(0, offset, t->numel()).view(t->sizes()));
      offset += t->numel();
    }
  }
}

void ProcessGroup::barrier(const std::string& what) const {
  if (!distributed()) return;
  impl_->collective(what, [&](auto& processGroup) { return processGroup.barrier(); });
}

void ProcessGroup::announceFailure(const std::string& message) const noexcept {
  if (!distributed()) return;
  Impl& impl = *impl_;
  try {
    if (impl.store) {
      impl.store->setTimeout(std::chrono::seconds(3));
      impl.store->set(kFailureKey + std::to_string(impl.options.rank), bytes(message));
    }
  } catch (const std::exception&) {
  }
  // Closing the connections makes the peers' pending collectives fail now (Gloo; NCCL peers
  // notice at their timeout).
  try {
    impl.close();
  } catch (const std::exception&) {
  }
  // The master holds the store: it stays a few seconds so that the others can read why.
  if (impl.options.rank == 0 && impl.store) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    try {
      while (std::chrono::steady_clock::now() < deadline &&
             impl.store->add(kFailureSeenKey, 0) < impl.options.worldSize - 1)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } catch (const std::exception&) {
    }
  }
  impl.heartbeat.reset();
}

#else  // neither Gloo nor NCCL at build time: single-process training only

struct ProcessGroup::Impl {
  DistributedOptions options;
  CollectiveBackend backend = CollectiveBackend::Gloo;
};

ProcessGroup ProcessGroup::connect(const DistributedOptions& options) {
  options.validate();
  if (options.distributed()) options.effectiveBackend();  // throws: names what the build lacks
  ProcessGroup out;
  out.impl_->options = options;
  return out;
}

void ProcessGroup::allReduceSum(const std::vector<at::Tensor>&, const std::string&) const {}
void ProcessGroup::broadcastFromMain(const std::vector<at::Tensor>&, const std::string&) const {}
void ProcessGroup::barrier(const std::string&) const {}
void ProcessGroup::announceFailure(const std::string&) const noexcept {}

#endif

ProcessGroup::ProcessGroup() : impl_(std::make_shared<Impl>()) {}
int ProcessGroup::rank() const { return impl_->options.rank; }
int ProcessGroup::worldSize() const { return impl_->options.worldSize; }
const DistributedOptions& ProcessGroup::options() const { return impl_->options; }
CollectiveBackend ProcessGroup::backend() const { return impl_->backend; }

}  // namespace latentecho

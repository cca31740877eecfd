// Data-parallel training over c10d/Gloo (distributed.h): two ranks on 127.0.0.1, started as two
// processes of this test executable (it runs itself with a gtest filter selecting
// DistributedWorker.Run and the worker's role in the environment), train a few steps of a tiny
// GAN and a tiny e4e encoder and must end with the weights one process gets from the combined
// minibatch (same micro-batch count); a killed rank, or one that stops with an error, makes the
// other stop within the timeout with a message naming it; an unreachable master is an Error.
#include "latentecho/core/distributed.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/grad_mode.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "latentecho/core/encoder_training.h"
#include "latentecho/core/error.h"
#include "latentecho/core/gan_training.h"
#include "latentecho/core/image_shard.h"
#include "temp_dir.h"

extern char** environ;

namespace latentecho {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// The tiny trainings both sides run.

StyleGan2GeneratorConfig tinyGanGenerator() {
  StyleGan2GeneratorConfig config;
  config.resolution = 16;
  config.imageChannels = 1;
  config.zDim = config.wDim = config.mappingLayerFeatures = 32;
  config.mappingLayers = 2;
  config.setChannels(512, 32);
  return config;
}

GanTrainingOptions tinyGanOptions() {
  GanTrainingOptions options;
  options.batchSize = 8;  // 2 micro-batches of 4: one per rank
  options.microBatches = 2;
  options.seed = 5;
  options.discriminatorRegularizationInterval = 2;  // Dreg at steps 0, 2
  options.generatorRegularizationInterval = 2;      // Greg at steps 0, 2
  options.pathLengthWeight = 2.0;                   // every phase runs
  options.xFlip = true;
  return options;
}

// 20 discs on black (an odd share per rank: shards of 10 and 10 frames): uint8 [20, 1, 16, 16].
at::Tensor toyImages(int64_t count) {
  at::Generator random = at::make_generator<at::CPUGeneratorImpl>(11);
  at::Tensor centres = at::rand({count, 2}, random) * 8 + 4;
  at::Tensor coords = at::arange(16, at::kFloat);
  at::Tensor y = coords.view({1, 16, 1}), x = coords.view({1, 1, 16});
  at::Tensor d2 = (y - centres.select(1, 0).view({count, 1, 1})).square() +
                  (x - centres.select(1, 1).view({count, 1, 1})).square();
  return (at::exp(-d2 / 8.0) * 255.0).round().clamp(0, 255).to(at::kByte).unsqueeze(1);
}

StyleGan2Generator frozenGenerator() {
  StyleGan2GeneratorConfig config;
  config.zDim = config.wDim = config.mappingLayerFeatures = 16;
  config.resolution = 32;  // the smallest the encoder takes
  config.imageChannels = 1;
  config.mappingLayers = 2;
  config.setChannels(128, 16);
  at::manual_seed(21);
  StyleGan2Generator g(config);
  g->eval();
  for (auto& p : g->parameters()) p.set_requires_grad(false);
  return g;
}

E4eEncoderConfig tinyEncoder(const StyleGan2GeneratorConfig& g) {
  E4eEncoderConfig c = E4eEncoderConfig::compact(g.numWs(), g.wDim, 1, g.resolution);
  c.stemChannels = 8;
  c.stemStride = 1;
  c.stages = {{8, 1}, {12, 1}, {16, 1}, {24, 1}};
  c.squeezeReduction = 4;
  c.headChannels = 16;
  return c;
}

EncoderTrainingOptions tinyEncoderOptions() {
  EncoderTrainingOptions options;
  options.batchSize = 4;
  options.microBatches = 2;
  options.seed = 3;
  options.progressiveStart = 1;
  options.progressiveStepEvery = 1;  // offsets released from step 1: delta regularisation runs
  options.latentDiscriminatorWeight = 0.1;
  options.latentDiscriminatorR1Interval = 2;  // R1 at steps 0 and 2
  options.perceptualScales = 2;
  return options;
}

at::Tensor encoderFrames() {
  StyleGan2Generator g = frozenGenerator();
  at::NoGradGuard noGrad;
  at::manual_seed(8);
  return g->synthesize(g->map(at::randn({10, g->config().zDim}))).clamp(-1, 1);
}

constexpr int kSteps = 3;

// ---------------------------------------------------------------------------------------------
// The worker: what each rank process runs (skipped in a normal test run).

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// What a rank holds of `all` in a sharded load (gan_frames.h holdFrame): only the images its
// micro-batches read. A read outside the shard throws, so the equality tests below also check
// that rankReadsImage names exactly what the trainers read.
ShardImageSource rankShard(const at::Tensor& all, int64_t microBatches, const ProcessGroup& group) {
  std::vector<int64_t> held;
  for (int64_t i = 0; i < all.size(0); ++i)
    if (rankReadsImage(i, microBatches, group.rank(), group.worldSize())) held.push_back(i);
  return ShardImageSource(all.index_select(0, at::tensor(held)), held, all.size(0));
}

TEST(DistributedWorker, Run) {
  const std::string role = env("LATENTECHO_TEST_WORKER");
  if (role.empty()) GTEST_SKIP() << "runs only as a rank process started by the tests below";
  const fs::path out = env("LATENTECHO_TEST_OUT");
  DistributedOptions options;
  options.worldSize = 2;
  options.rank = std::stoi(env("LATENTECHO_TEST_RANK"));
  options.masterAddress = "127.0.0.1";
  options.masterPort = std::stoi(env("LATENTECHO_TEST_PORT"));
  options.timeout = std::chrono::seconds(20);
  const std::string rank = std::to_string(options.rank);
  try {
    const ProcessGroup group = ProcessGroup::connect(options);
    if (role == "gan") {
      GanTrainer trainer(tinyGanGenerator(), tinyGanOptions());
      trainer.setProcessGroup(group);
      const ShardImageSource images =
          rankShard(toyImages(20), trainer.options().microBatches, group);
      for (int i = 0; i < kSteps; ++i) trainer.step(images);
      if (group.isMain()) trainer.saveCheckpoint((out / "gan.safetensors").string());
    } else if (role == "encoder") {
      EncoderTrainer trainer(tinyEncoder(frozenGenerator()->config()), frozenGenerator(),
                             tinyEncoderOptions());
      trainer.setProcessGroup(group);
      const ShardImageSource images =
          rankShard(encoderFrames(), trainer.options().microBatches, group);
      for (int i = 0; i < kSteps; ++i) trainer.step(images);
      if (group.isMain()) trainer.saveCheckpoint((out / "encoder.safetensors").string());
    } else {  // "endless" or "failing": steps until killed, or rank 1 stops with an error
      GanTrainer trainer(tinyGanGenerator(), tinyGanOptions());
      trainer.setProcessGroup(group);
      const TensorImageSource images(toyImages(20));
      for (int i = 0; i < 100000; ++i) {
        trainer.step(images);
        std::ofstream(out / ("steps." + rank)) << i + 1 << '\n';
        if (role == "failing" && options.rank == 1 && i == 1) {
          group.announceFailure("the test made it fail");
          throw Error("the test made it fail");
        }
      }
    }
  } catch (const Error& e) {
    std::ofstream(out / ("error." + rank)) << e.what();
    std::cerr << "rank " << rank << ": " << e.what() << std::endl;
    std::_Exit(3);
  }
}

// ---------------------------------------------------------------------------------------------
// Launching ranks.

int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("no free port");
  ::close(fd);
  return ntohs(address.sin_port);
}

struct Rank {
  pid_t pid = -1;
};

Rank launch(const std::string& role, int rank, int port, const fs::path& out) {
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  std::vector<std::string> arguments{self, "--gtest_filter=DistributedWorker.Run"};
  std::vector<std::string> environment{
      "LATENTECHO_TEST_WORKER=" + role, "LATENTECHO_TEST_RANK=" + std::to_string(rank),
      "LATENTECHO_TEST_PORT=" + std::to_string(port), "LATENTECHO_TEST_OUT=" + out.string()};
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("LATENTECHO_TEST_", 0) != 0) environment.push_back(*e);
  std::vector<char*> argv, envp;
  for (auto& a : arguments) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = (out / ("log." + std::to_string(rank))).string();
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  Rank r;
  const int status = posix_spawn(&r.pid, self.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (status != 0) throw std::runtime_error("posix_spawn failed");
  return r;
}

// The exit code, or -1 when the process did not end within `limit` (it is killed then).
int waitFor(Rank& rank, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(rank.pid, &status, WNOHANG) == rank.pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(rank.pid, SIGKILL);
  ::waitpid(rank.pid, nullptr, 0);
  return -1;
}

std::string readText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `role` on two ranks to completion; both must exit 0.
void runTwoRanks(const std::string& role, const fs::path& out) {
  const int port = freePort();
  Rank r0 = launch(role, 0, port, out);
  Rank r1 = launch(role, 1, port, out);
  const int code0 = waitFor(r0, std::chrono::seconds(120));
  const int code1 = waitFor(r1, std::chrono::seconds(30));
  ASSERT_EQ(code0, 0) << readText(out / "log.0");
  ASSERT_EQ(code1, 0) << readText(out / "log.1");
}

double maxDifference(const std::vector<std::pair<std::string, at::Tensor>>& left,
                     const std::vector<std::pair<std::string, at::Tensor>>& right) {
  EXPECT_EQ(left.size(), right.size());
  double worst = 0.0;
  for (size_t i = 0; i < left.size() && i < right.size(); ++i) {
    EXPECT_EQ(left[i].first, right[i].first);
    const double d = (left[i].second.to(at::kDouble) - right[i].second.to(at::kDouble))
                         .abs()
                         .max()
                         .item<double>();
    worst = std::max(worst, d);
  }
  return worst;
}

// ---------------------------------------------------------------------------------------------

TEST(Distributed, ResolvesFlagsThenSlurmThenASingleProcess) {
  std::map<std::string, std::string> vars;
  auto lookup = [&](const char* name) -> const char* {
    auto found = vars.find(name);
    return found == vars.end() ? nullptr : found->second.c_str();
  };
  DistributedOptions single = resolveDistributedOptions(std::nullopt, std::nullopt, "", lookup);
  EXPECT_EQ(single.worldSize, 1);
  EXPECT_FALSE(single.distributed());

  vars = {{"SLURM_NTASKS", "4"}, {"SLURM_PROCID", "2"}, {"MASTER_ADDR", "node07"}};
  DistributedOptions slurm = resolveDistributedOptions(std::nullopt, std::nullopt, "", lookup);
  EXPECT_EQ(slurm.worldSize, 4);
  EXPECT_EQ(slurm.rank, 2);
  EXPECT_EQ(slurm.masterAddress, "node07");
  EXPECT_EQ(slurm.masterPort, 29500);

  // Flags win over the environment.
  DistributedOptions flags = resolveDistributedOptions(2, 1, "10.0.0.5:1234", lookup);
  EXPECT_EQ(flags.worldSize, 2);
  EXPECT_EQ(flags.rank, 1);
  EXPECT_EQ(flags.masterAddress, "10.0.0.5");
  EXPECT_EQ(flags.masterPort, 1234);
  // --world-size 1 turns a SLURM job step into a single process.
  EXPECT_FALSE(resolveDistributedOptions(1, 0, "", lookup).distributed());

  auto errorOf = [&](std::optional<int> w, std::optional<int> r, const std::string& m) {
    try {
      resolveDistributedOptions(w, r, m, lookup);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  vars.clear();
  EXPECT_NE(errorOf(2, std::nullopt, "a:1").find("no rank"), std::string::npos);
  EXPECT_NE(errorOf(2, 2, "a:1").find("outside 0..1"), std::string::npos);
  EXPECT_NE(errorOf(2, 0, "nohostport").find("ADDR:PORT"), std::string::npos);
  EXPECT_NE(errorOf(2, 0, "a:http").find("not an integer"), std::string::npos);
  EXPECT_NE(errorOf(2, 0, "a:70000").find("1..65535"), std::string::npos);
  vars = {{"SLURM_NTASKS", "2"}, {"SLURM_PROCID", "1"}};
  EXPECT_NE(errorOf(std::nullopt, std::nullopt, "").find("MASTER_ADDR"), std::string::npos);
}

TEST(Distributed, TheLocalRankComesFromTorchrunOrSlurmElseTheRank) {
  std::map<std::string, std::string> vars = {{"MASTER_ADDR", "node07"}};
  auto lookup = [&](const char* name) -> const char* {
    auto found = vars.find(name);
    return found == vars.end() ? nullptr : found->second.c_str();
  };
  EXPECT_EQ(resolveDistributedOptions(4, 3, "", lookup).localRank, 3);
  vars["SLURM_LOCALID"] = "1";
  EXPECT_EQ(resolveDistributedOptions(4, 3, "", lookup).localRank, 1);
  vars["LOCAL_RANK"] = "0";
  EXPECT_EQ(resolveDistributedOptions(4, 3, "", lookup).localRank, 0);
}

TEST(Distributed, TheBackendFollowsTheDeviceAndNamesWhatTheBuildLacks) {
  EXPECT_EQ(parseCollectiveBackend("auto"), CollectiveBackend::Automatic);
  EXPECT_EQ(parseCollectiveBackend("nccl"), CollectiveBackend::Nccl);
  EXPECT_EQ(collectiveBackendName(parseCollectiveBackend("gloo")), "gloo");
  EXPECT_THROW(parseCollectiveBackend("mpi"), Error);

  DistributedOptions options;
  options.worldSize = 2;
  options.rank = 1;
  // On the CPU, automatic means Gloo, and NCCL is refused whatever the build.
  options.device = "cpu";
  if (glooCompiledIn()) {
    EXPECT_EQ(options.effectiveBackend(), CollectiveBackend::Gloo);
  }
  options.backend = CollectiveBackend::Nccl;
  try {
    options.effectiveBackend();
    ADD_FAILURE() << "NCCL accepted for a CPU rank";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--dist-backend gloo"), std::string::npos) << e.what();
  }
  // On CUDA, automatic means NCCL where the build has it.
  options.device = "cuda:0";
  options.backend = CollectiveBackend::Automatic;
  if (ncclCompiledIn()) {
    EXPECT_EQ(options.effectiveBackend(), CollectiveBackend::Nccl);
  } else if (glooCompiledIn()) {
    EXPECT_EQ(options.effectiveBackend(), CollectiveBackend::Gloo);
  }
  options.backend = CollectiveBackend::Nccl;
  if (!ncclCompiledIn()) {
    try {
      options.effectiveBackend();
      ADD_FAILURE() << "NCCL accepted by a build without it";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("has no NCCL"), std::string::npos) << e.what();
    }
  }
  // A single process keeps its device; several on one GPU-less machine too.
  EXPECT_EQ(rankDevice(DistributedOptions(), "cuda"), "cuda");
  EXPECT_EQ(rankDevice(options, "cpu"), "cpu");
}

TEST(Distributed, ASingleProcessGroupChangesNothing) {
  ProcessGroup group;
  EXPECT_EQ(group.worldSize(), 1);
  EXPECT_TRUE(group.isMain());
  at::Tensor t = at::ones({3});
  group.allReduceSum({t}, "test");
  group.broadcastFromMain({t}, "test");
  group.barrier("test");
  EXPECT_TRUE(t.equal(at::ones({3})));
}

TEST(Distributed, AnUnreachableMasterIsANamedErrorWithinTheTimeout) {
  DistributedOptions options;
  options.worldSize = 2;
  options.rank = 1;
  options.masterPort = freePort();  // nobody listens there
  options.timeout = std::chrono::milliseconds(1500);
  const auto start = std::chrono::steady_clock::now();
  try {
    ProcessGroup::connect(options);
    FAIL() << "connected to nobody";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot reach the master at 127.0.0.1:" +
                                         std::to_string(options.masterPort)),
              std::string::npos)
        << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
}

TEST(Distributed, TwoGanRanksTrainAsOneProcessWithTheCombinedBatch) {
  testing::TempDir out;
  ASSERT_NO_FATAL_FAILURE(runTwoRanks("gan", out.path()));
  const GanTrainer distributed =
      GanTrainer::fromCheckpoint((out.path() / "gan.safetensors").string());
  EXPECT_EQ(distributed.steps(), kSteps);
  EXPECT_EQ(distributed.imagesSeen(), kSteps * 8);

  GanTrainer single(tinyGanGenerator(), tinyGanOptions());
  const GanTrainer initial(tinyGanGenerator(), tinyGanOptions());
  const TensorImageSource images(toyImages(20));
  for (int i = 0; i < kSteps; ++i) single.step(images);
  const double difference = maxDifference(distributed.stateTensors(), single.stateTensors());
  std::cout << "largest difference, 2 ranks vs 1 process: " << difference << std::endl;
  EXPECT_LE(difference, 1e-5);
  // The comparison can fail: the training moved the weights.
  EXPECT_GT(maxDifference(initial.stateTensors(), single.stateTensors()), 1e-3);
}

TEST(Distributed, TwoEncoderRanksTrainAsOneProcessWithTheCombinedBatch) {
  testing::TempDir out;
  ASSERT_NO_FATAL_FAILURE(runTwoRanks("encoder", out.path()));
  const EncoderTrainer distributed = EncoderTrainer::fromCheckpoint(
      (out.path() / "encoder.safetensors").string(), frozenGenerator());
  EXPECT_EQ(distributed.steps(), kSteps);

  const StyleGan2Generator g = frozenGenerator();
  EncoderTrainer single(tinyEncoder(g->config()), g, tinyEncoderOptions());
  const EncoderTrainer initial(tinyEncoder(g->config()), frozenGenerator(), tinyEncoderOptions());
  const TensorImageSource images(encoderFrames());
  for (int i = 0; i < kSteps; ++i) single.step(images);
  const double difference = maxDifference(distributed.stateTensors(), single.stateTensors());
  std::cout << "largest difference, 2 ranks vs 1 process: " << difference << std::endl;
  EXPECT_LE(difference, 1e-5);
  EXPECT_GT(maxDifference(initial.stateTensors(), single.stateTensors()), 1e-4);
}

TEST(Distributed, AKilledRankStopsTheOtherWithAMessageNamingIt) {
  testing::TempDir out;
  const int port = freePort();
  Rank r0 = launch("endless", 0, port, out.path());
  Rank r1 = launch("endless", 1, port, out.path());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(out.path() / "steps.1") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(fs::exists(out.path() / "steps.1")) << readText(out.path() / "log.1");
  ::kill(r1.pid, SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  EXPECT_EQ(waitFor(r1, std::chrono::seconds(10)), 128 + SIGKILL);
  // The survivor stops (exit code 3 = it caught the Error) well within its 20 s timeout.
  EXPECT_EQ(waitFor(r0, std::chrono::seconds(30)), 3) << readText(out.path() / "log.0");
  EXPECT_LT(std::chrono::steady_clock::now() - killed, std::chrono::seconds(15));
  const std::string message = readText(out.path() / "error.0");
  EXPECT_NE(message.find("rank 1 stopped responding"), std::string::npos) << message;
}

TEST(Distributed, ARankThatFailsTellsTheOthersWhy) {
  testing::TempDir out;
  const int port = freePort();
  Rank r0 = launch("failing", 0, port, out.path());
  Rank r1 = launch("failing", 1, port, out.path());
  EXPECT_EQ(waitFor(r1, std::chrono::seconds(60)), 3) << readText(out.path() / "log.1");
  EXPECT_EQ(waitFor(r0, std::chrono::seconds(30)), 3) << readText(out.path() / "log.0");
  const std::string message = readText(out.path() / "error.0");
  EXPECT_NE(message.find("rank 1 stopped: the test made it fail"), std::string::npos) << message;
}

}  // namespace
}  // namespace latentecho

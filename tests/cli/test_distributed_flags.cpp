// The data-parallel flags of `train gan` / `train encoder` (src/cli/distributed_flags.h): what is
// wrong with them is an error naming the flag, and a rank that cannot reach its master gives up
// after --dist-timeout with a message naming ADDR:PORT. (Two real ranks training together:
// tests/core/test_distributed.cpp.)
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

using testing::runCli;

int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST(DistributedFlags, AreDocumentedInTheHelpOfBothTrainers) {
  for (const char* trainer : {"gan", "encoder"}) {
    const auto outcome = runCli({"train", trainer, "--help"});
    EXPECT_EQ(outcome.exitCode, 0);
    for (const char* flag :
         {"--world-size", "--rank", "--master", "--dist-timeout", "--dist-backend", "--micro-batches"})
      EXPECT_NE(outcome.out.find(flag), std::string::npos) << trainer << " " << flag;
  }
}

TEST(DistributedFlags, IncompleteOrContradictorySettingsAreNamedErrors) {
  testing::TempDir dir;
  const auto noRank = runCli({"train", "gan", "--data", dir.file("data"), "--out", dir.file("out"),
                              "--world-size", "2", "--master", "127.0.0.1:29500"});
  EXPECT_EQ(noRank.exitCode, 1);
  EXPECT_NE(noRank.err.find("no rank is given"), std::string::npos) << noRank.err;
  const auto badMaster =
      runCli({"train", "encoder", "--data", dir.file("data"), "--generator", dir.file("g"), "--out",
              dir.file("out"), "--world-size", "2", "--rank", "1", "--master", "127.0.0.1"});
  EXPECT_EQ(badMaster.exitCode, 1);
  EXPECT_NE(badMaster.err.find("is not ADDR:PORT"), std::string::npos) << badMaster.err;
  // NCCL for ranks that train on the CPU (every rank of the encoder; this machine's GAN ranks):
  // refused before any rendezvous, nothing written.
  const auto ncclOnCpu =
      runCli({"train", "encoder", "--data", dir.file("data"), "--generator", dir.file("g"), "--out",
              dir.file("out"), "--world-size", "2", "--rank", "1", "--master", "127.0.0.1:29500",
              "--dist-backend", "nccl"});
  EXPECT_EQ(ncclOnCpu.exitCode, 1);
  EXPECT_NE(ncclOnCpu.err.find("--dist-backend gloo"), std::string::npos) << ncclOnCpu.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
  const auto unknown = runCli({"train", "gan", "--data", dir.file("data"), "--out",
                               dir.file("out"), "--dist-backend", "mpi"});
  EXPECT_NE(unknown.exitCode, 0);
}

TEST(DistributedFlags, AnUnreachableMasterFailsAfterTheTimeoutNamingIt) {
  testing::TempDir dir;
  const std::string master = "127.0.0.1:" + std::to_string(freePort());
  const auto start = std::chrono::steady_clock::now();
  const auto outcome =
      runCli({"train", "gan", "--data", dir.file("data"), "--out", dir.file("out"), "--world-size",
              "2", "--rank", "1", "--master", master, "--dist-timeout", "1.5"});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("cannot reach the master at " + master), std::string::npos)
      << outcome.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));  // nothing written
}

}  // namespace
}  // namespace latentecho

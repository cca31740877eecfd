#pragma once
// LibTorch random generators for the trainers' determinism (private to the core): a generator per
// stream key on any device, and the default CPU generator seeded for the duration of a network's
// construction (its initial weights), its state restored afterwards.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cstdint>
#include <mutex>

namespace latentecho::detail {

inline at::Generator makeGenerator(std::uint64_t key, const at::Device& device) {
  if (device.is_cpu()) return at::make_generator<at::CPUGeneratorImpl>(key);
  // A generator of the device's own kind without naming its implementation here.
  at::Generator generator = at::globalContext().defaultGenerator(device).clone();
  generator.set_current_seed(key);
  return generator;
}

// Runs `make` with LibTorch's default CPU generator seeded with `seed`, restoring its state
// afterwards: the networks' constructors draw their initial weights from it. Not safe while another
// thread draws from the default generator.
template <class Make>
auto withSeededDefaultGenerator(std::uint64_t seed, Make make) {
  at::Generator generator = at::detail::getDefaultCPUGenerator();
  at::Tensor saved;
  {
    std::lock_guard<std::mutex> lock(generator.mutex());
    saved = generator.get_state();
    generator.set_current_seed(seed);
  }
  struct Restore {
    at::Generator& generator;
    at::Tensor& state;
    ~Restore() {
      std::lock_guard<std::mutex> lock(generator.mutex());
      generator.set_state(state);
    }
  } restore{generator, saved};
  return make();
}

}  // namespace latentecho::detail

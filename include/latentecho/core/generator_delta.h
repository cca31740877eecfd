#pragma once
// A tuned generator stored as what it changed relative to its base: the PTI cache keeps one per
// clip, so it must be small (a 256x256 compact generator is 16 MB of float32; PTI's own tuned
// generators are 127 MB each).
//
// Only tensors whose values differ from the base are kept. Their difference is stored as
//   Float32  the difference itself (4 bytes per value; for measurements),
//   Float16  the difference rounded to float16 (2 bytes per value),
//   Int8     per row (first dimension; a scalar is one row) a float32 scale = max |difference| /
//   127
//            and the difference divided by it, rounded to int8 (1 byte per value + 4 per row).
// Fine-tuning moves weights by a small fraction of their size, so the rounding error is a small
// fraction of an already small difference (pivotal_tuning.h reports what it costs in PSNR).
//
// The tuned generator is *defined* as base + decode(delta): PivotalTuner returns exactly that
// generator, so a cached delta reproduces the returned generator bit for bit. Decoding is an
// elementwise multiply and add in float32, identical on every device.
//
// Thread-safety: pure functions; the base is only read.
#include <ATen/ATen.h>

#include <cstdint>
#include <string>

#include "latentecho/core/stylegan2.h"
#include "latentecho/core/torch_checkpoint.h"  // TensorMap

namespace latentecho {

enum class DeltaEncoding { Float32, Float16, Int8 };

// "float32" | "float16" | "int8"; parse throws Error naming the value otherwise.
std::string deltaEncodingName(DeltaEncoding encoding);
DeltaEncoding parseDeltaEncoding(const std::string& name);

struct GeneratorDelta {
  DeltaEncoding encoding = DeltaEncoding::Int8;
  // By official tensor name: the encoded difference (float32 / float16 / int8, the base tensor's
  // shape); for Int8 also "<name>.scale", float32 [rows]. CPU, contiguous.
  TensorMap tensors;

  // Number of base tensors this delta changes.
  int64_t changedTensors() const;
  // Bytes of tensor data (what a file holds besides its header).
  int64_t dataBytes() const;
};

// The difference of `tuned` from `base` (same configuration, else Error naming the tensor).
GeneratorDelta encodeGeneratorDelta(const StyleGan2GeneratorImpl& base,
                                    const StyleGan2GeneratorImpl& tuned, DeltaEncoding encoding);

// A new generator (on the base's device, eval mode, no grad) = base + decode(delta). Throws Error
// naming the tensor when the delta names a tensor the base lacks, has a wrong shape or dtype, or
// lacks a scale. `source` prefixes error messages (e.g. the cache entry's file).
StyleGan2Generator applyGeneratorDelta(const StyleGan2GeneratorImpl& base,
                                       const GeneratorDelta& delta,
                                       const std::string& source = "generator delta");

// The delta's tensors as stored in a file and back (the encoding goes in the file's metadata by
// the caller). fromTensors checks names pair up (Int8: every tensor has its scale).
GeneratorDelta generatorDeltaFromTensors(DeltaEncoding encoding, TensorMap tensors,
                                         const std::string& source);

// xxh64 (hex) of every tensor of the generator by name, shape and float32 value: identifies a base
// model independently of how its file stored it.
std::string generatorDigest(const StyleGan2GeneratorImpl& generator);

}  // namespace latentecho

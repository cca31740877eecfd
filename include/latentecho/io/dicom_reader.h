#pragma once
// DICOM ultrasound (single and multi-frame) through DCMTK.
//
// Transfer syntaxes: uncompressed (implicit/explicit little endian, explicit big endian),
// JPEG baseline (process 1, 1.2.840.10008.1.2.4.50) and RLE lossless (1.2.840.10008.1.2.5);
// anything else (JPEG 2000, JPEG-LS, lossless JPEG, deflate, video) is refused with an Error
// naming the file and the transfer syntax UID and name. Only DICOM Part 10 files (128-byte
// preamble + "DICM") are read.
//
// Pixels: Bits Allocated 8 or 16; Photometric Interpretation MONOCHROME1 (inverted so that white
// is 255), MONOCHROME2, RGB, YBR_FULL, YBR_FULL_422 and PALETTE COLOR, planar configuration 0 or 1,
// all converted to 8-bit grayscale (colour through ITU-R BT.601 luma, the same fixed point as
// OpenCV's RGB→GRAY). Monochrome stored in at most 8 bits keeps its values (the stored range maps
// onto 0..255: identity for 8 bits); wider monochrome goes through the file's first VOI window
// (Window Center/Width) or, without one, the clip's min-max range, one mapping for all frames.
//
// Metadata: fps from Frame Time (0018,1063, ms), else Frame Time Vector (0018,1065, mean of the
// entries after the first), else Cine Rate (0018,0040), else Recommended Display Frame Rate
// (0008,2144), else 0. Spacing from Pixel Spacing (0028,0030), else the Sequence of Ultrasound
// Regions' Physical Delta X/Y (cm → mm) of a region whose both axes are in cm (a 2D region
// preferred), else none. Patient identifiers are never copied into the Clip: source is
// "<file name> (DICOM, <transfer syntax name>, <photometric interpretation>)".
//
// Limits: Rows/Columns against ReadLimits::maxSide and the frames to read × rows × columns against
// maxBytes are checked from the header before any pixel is decoded; maxFrames > 0 decodes only the
// first maxFrames frames. Frames are decoded in chunks (about 64 MiB of DCMTK's intermediate data).
//
// Errors: latentecho::Error naming the file — missing file, not DICOM, no Pixel Data, zero frames,
// truncated or damaged pixel data (a file whose header announces more pixel data than it holds is
// refused as a whole, even with maxFrames), unsupported transfer syntax, photometric
// interpretation or bit depth, limits exceeded.
//
// Thread-safety: safe to call concurrently on different files (decoders are registered once,
// process-wide). DCMTK's own diagnostics go to its logger (stderr by default).
#include <string>

#include "latentecho/core/clip.h"
#include "latentecho/io/clip_reader.h"

namespace latentecho {

// True when the file starts with the DICOM preamble and "DICM" magic.
bool isDicomFile(const std::string& path);

Clip readDicomClip(const std::string& path, const ReadLimits& limits = {});

}  // namespace latentecho

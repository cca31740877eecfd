#pragma once
// DICOM ultrasound (single and multi-frame) through DCMTK.
//
// Transfer syntaxes: uncompressed (implicit/explicit little endian, explicit big endian),
// JPEG baseline (process 1) and RLE lossless; anything else is refused with an Error naming the
// file and the transfer syntax UID. Photometric interpretations: MONOCHROME1/2, RGB, YBR_FULL,
// YBR_FULL_422 and PALETTE COLOR, all converted to 8-bit grayscale luma. Frame rate from
// Frame Time (0018,1063), Frame Time Vector (0018,1065) or Cine Rate (0018,0040), in that order;
// pixel spacing from Pixel Spacing (0028,0030) or the ultrasound region's Physical Delta X/Y.
// Patient identifiers are never copied into the Clip (source says "DICOM <transfer syntax>").
#include <string>

#include "latentecho/core/clip.h"
#include "latentecho/io/clip_reader.h"

namespace latentecho {

// True when the file starts with the DICOM preamble and "DICM" magic.
bool isDicomFile(const std::string& path);

Clip readDicomClip(const std::string& path, const ReadLimits& limits = {});

}  // namespace latentecho

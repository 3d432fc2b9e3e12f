#pragma once
// NumPy .npy files (format versions 1.0, 2.0 and 3.0 read; 1.0 written, 2.0 when the header
// needs it). Little-endian, C order only. Element types: f16 f32 f64 i8 i16 i32 i64 u8 u16 u32
// u64 bool.
#include "engine/core/tensor.hpp"

#include <filesystem>

namespace mo::io {

// Reads a whole .npy file into an owned tensor. Throws mo::Error naming the file on a bad magic,
// an unsupported dtype, Fortran order, big-endian data or truncated data.
Tensor read_npy(const std::filesystem::path& path);

// Writes `tensor` as .npy (C order, little-endian). Throws mo::Error naming the file.
void write_npy(const std::filesystem::path& path, const Tensor& tensor);

} // namespace mo::io

// Durable, atomic file replacement: write a temp file beside the target, fsync it, rename it
// over the target, fsync the directory. A crash at any instant leaves the old content or the new,
// never a torn file. Errors name the path and the OS error (ENOSPC -> ResourceExhausted, EACCES
// -> PermissionDenied, ...).
#pragma once

#include <filesystem>
#include <string_view>

#include "core/status.h"

namespace core {

// `temp_suffix` makes the temp name unique when several writers may target one directory
// (e.g. ".tmp-<counter>"). `what` prefixes error messages ("state store", "lake").
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view data,
                           std::string_view temp_suffix, std::string_view what);

// create_directories, then fsync the parent of every directory it created, so the new entries
// survive a crash too.
Status CreateDirectoriesDurably(const std::filesystem::path& dir, std::string_view what);

}  // namespace core

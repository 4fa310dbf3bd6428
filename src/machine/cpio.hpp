// A writer for cpio archives in the "newc" format (magic 070701), the format of Linux's
// initramfs (Documentation/early-userspace/buffer-format.txt): per entry a 110-byte ASCII header
// of 13 eight-digit hex fields, the NUL-terminated name padded to 4 bytes, then the data padded
// to 4 bytes; the archive ends with an entry named "TRAILER!!!". `lstar run` builds the guest's
// initramfs with it.
#pragma once
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lstar {

class CpioWriter {
public:
    // Adds a regular file. `path` is relative to the archive's root ("init", "bin/prog"); a
    // leading "/" is dropped, and parent directories missing from the archive are added first
    // (mode 0755). `mode` holds the permission bits only. Throws std::invalid_argument for an
    // empty path, a path with an empty, "." or ".." component, or one already in the archive.
    void add_file(std::string_view path, std::span<const uint8_t> data, uint32_t mode = 0755);

    // Adds a directory, and any missing parents, as add_file does.
    void add_directory(std::string_view path, uint32_t mode = 0755);

    // Appends the trailer and returns the archive. The writer is empty afterwards.
    std::vector<uint8_t> finish();

private:
    std::string normalize(std::string_view path) const;
    void add_parents(const std::string& path);
    void add_entry(const std::string& name, uint32_t mode, std::span<const uint8_t> data);

    std::vector<uint8_t> out_;
    std::set<std::string> names_;
    uint32_t next_ino_ = 1;
};

}  // namespace lstar

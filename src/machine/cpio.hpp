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

// What an entry records besides its name and type: permission bits, owner, modification time.
struct CpioAttrs {
    uint32_t mode = 0755;  // permission bits only (07777)
    uint32_t uid = 0, gid = 0;
    uint32_t mtime = 0;    // seconds since 1970
};

class CpioWriter {
public:
    // Adds a regular file. `path` is relative to the archive's root ("init", "bin/prog"); a
    // leading "/" is dropped, and parent directories missing from the archive are added first
    // (mode 0755). `mode` holds the permission bits only. Throws std::invalid_argument for an
    // empty path, a path with an empty, "." or ".." component, or one already in the archive.
    void add_file(std::string_view path, std::span<const uint8_t> data, uint32_t mode = 0755);

    // Adds a directory, and any missing parents, as add_file does.
    void add_directory(std::string_view path, uint32_t mode = 0755);

    // The same with owner and time.
    void add_file(std::string_view path, std::span<const uint8_t> data, const CpioAttrs& attrs);
    void add_directory(std::string_view path, const CpioAttrs& attrs);

    // Adds a symbolic link to `target` (stored as the entry's data, as cpio does). Its
    // permission bits are always 0777, as on Linux.
    void add_symlink(std::string_view path, std::string_view target, const CpioAttrs& attrs = {});

    // Whether `path` (in any spelling add_file accepts) is in the archive already.
    bool contains(std::string_view path) const;

    // Appends the trailer and returns the archive. The writer is empty afterwards.
    std::vector<uint8_t> finish();

private:
    std::string normalize(std::string_view path) const;
    void add_parents(const std::string& path);
    void add_entry(const std::string& name, uint32_t mode, std::span<const uint8_t> data,
                   const CpioAttrs& attrs = {});
    std::string new_name(std::string_view path) const;  // normalized, and not yet present

    std::vector<uint8_t> out_;
    std::set<std::string> names_;
    uint32_t next_ino_ = 1;
};

}  // namespace lstar

#include "machine/cpio.hpp"

#include <cstdio>
#include <stdexcept>

namespace lstar {

namespace {

// st_mode file types (S_IFDIR, S_IFREG), spelled out: the archive format fixes them.
constexpr uint32_t MODE_DIR = 0040000, MODE_REG = 0100000, MODE_LNK = 0120000;
constexpr std::string_view TRAILER = "TRAILER!!!";

void pad4(std::vector<uint8_t>& out) {
    while (out.size() % 4) out.push_back(0);
}

}  // namespace

std::string CpioWriter::normalize(std::string_view path) const {
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    if (path.empty()) throw std::invalid_argument("an empty path");
    size_t start = 0;
    for (;;) {
        const size_t slash = path.find('/', start);
        const std::string_view part = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        if (part.empty() || part == "." || part == "..")
            throw std::invalid_argument("'" + std::string(path) + "' has an empty, '.' or '..' component");
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    if (path.find('\0') != std::string_view::npos) throw std::invalid_argument("a path with a NUL byte");
    if (path == TRAILER) throw std::invalid_argument("'TRAILER!!!' would end the archive");
    return std::string(path);
}

void CpioWriter::add_parents(const std::string& path) {
    for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        const std::string dir = path.substr(0, slash);
        if (!names_.count(dir)) add_entry(dir, MODE_DIR | 0755, {});
    }
}

std::string CpioWriter::new_name(std::string_view path) const {
    std::string name = normalize(path);
    if (names_.count(name)) throw std::invalid_argument("'" + name + "' is already in the archive");
    return name;
}

bool CpioWriter::contains(std::string_view path) const {
    try {
        return names_.count(normalize(path)) != 0;
    } catch (const std::invalid_argument&) {
        return false;
    }
}

void CpioWriter::add_file(std::string_view path, std::span<const uint8_t> data, uint32_t mode) {
    add_file(path, data, CpioAttrs{.mode = mode});
}

void CpioWriter::add_file(std::string_view path, std::span<const uint8_t> data, const CpioAttrs& attrs) {
    const std::string name = new_name(path);
    if (data.size() > 0xffffffffu) throw std::invalid_argument("'" + name + "' is larger than 4 GiB");
    add_parents(name);
    add_entry(name, MODE_REG | (attrs.mode & 07777), data, attrs);
}

void CpioWriter::add_directory(std::string_view path, uint32_t mode) {
    add_directory(path, CpioAttrs{.mode = mode});
}

void CpioWriter::add_directory(std::string_view path, const CpioAttrs& attrs) {
    const std::string name = new_name(path);
    add_parents(name);
    add_entry(name, MODE_DIR | (attrs.mode & 07777), {}, attrs);
}

void CpioWriter::add_symlink(std::string_view path, std::string_view target, const CpioAttrs& attrs) {
    const std::string name = new_name(path);
    if (target.empty()) throw std::invalid_argument("'" + name + "': a symbolic link needs a target");
    add_parents(name);
    const auto* p = reinterpret_cast<const uint8_t*>(target.data());
    add_entry(name, MODE_LNK | 0777, std::span<const uint8_t>(p, target.size()), attrs);
}

// The newc header: magic, then ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
// rdevmajor, rdevminor, namesize (with the NUL) and check (0 in newc), each 8 hex digits.
void CpioWriter::add_entry(const std::string& name, uint32_t mode, std::span<const uint8_t> data,
                           const CpioAttrs& attrs) {
    const bool dir = (mode & 0170000) == MODE_DIR, trailer = name == TRAILER;
    const uint32_t fields[13] = {trailer ? 0 : next_ino_++, mode, attrs.uid, attrs.gid, dir ? 2u : 1u,
                                 attrs.mtime, static_cast<uint32_t>(data.size()),
                                 0, 0, 0, 0, static_cast<uint32_t>(name.size() + 1), 0};
    char header[6 + 13 * 8 + 1];
    int len = std::snprintf(header, sizeof header, "070701");
    for (uint32_t f : fields) len += std::snprintf(header + len, sizeof header - len, "%08X", f);
    out_.insert(out_.end(), header, header + len);
    out_.insert(out_.end(), name.begin(), name.end());
    out_.push_back(0);
    pad4(out_);
    out_.insert(out_.end(), data.begin(), data.end());
    pad4(out_);
    if (!trailer) names_.insert(name);
}

std::vector<uint8_t> CpioWriter::finish() {
    add_entry(std::string(TRAILER), 0, {});
    std::vector<uint8_t> archive = std::move(out_);
    out_.clear();
    names_.clear();
    next_ino_ = 1;
    return archive;
}

}  // namespace lstar

// A PNG is the signature, then chunks (length, type, data, CRC-32 of type and data): IHDR, any
// tEXt, IDAT with the zlib stream of the filtered rows, IEND. Every row uses filter 0 (none):
// text screens compress well without prediction.
#include "display/png.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace lstar::display {

namespace {

void put32(std::vector<uint8_t>& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(v >> shift));
}

void put_chunk(std::vector<uint8_t>& out, const char type[4], const std::vector<uint8_t>& data) {
    put32(out, uint32_t(data.size()));
    const size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    put32(out, uint32_t(crc32(0, &out[start], uInt(out.size() - start))));
}

std::vector<uint8_t> header(const Image& image) {
    std::vector<uint8_t> d;
    put32(d, image.width);
    put32(d, image.height);
    d.insert(d.end(), {8, 2, 0, 0, 0});  // 8 bits, truecolour, deflate, filter set 0, no interlace
    return d;
}

std::vector<uint8_t> compressed_rows(const Image& image) {
    std::vector<uint8_t> raw;
    raw.reserve(size_t(image.height) * (1 + 3 * size_t(image.width)));
    for (unsigned y = 0; y < image.height; ++y) {
        raw.push_back(0);  // filter type: none
        for (unsigned x = 0; x < image.width; ++x) {
            const uint32_t p = image.pixels[size_t(y) * image.width + x];
            raw.insert(raw.end(), {uint8_t(p >> 16), uint8_t(p >> 8), uint8_t(p)});
        }
    }
    uLongf size = compressBound(uLong(raw.size()));
    std::vector<uint8_t> z(size);
    if (compress2(z.data(), &size, raw.data(), uLong(raw.size()), 9) != Z_OK)
        throw std::runtime_error("cannot compress the screenshot");
    z.resize(size);
    return z;
}

}  // namespace

void write_png(const std::string& path, const Image& image,
               const std::vector<std::pair<std::string, std::string>>& text) {
    std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    put_chunk(png, "IHDR", header(image));
    for (const auto& [key, value] : text) {
        std::vector<uint8_t> d(key.begin(), key.end());
        d.push_back(0);
        d.insert(d.end(), value.begin(), value.end());
        put_chunk(png, "tEXt", d);
    }
    put_chunk(png, "IDAT", compressed_rows(image));
    put_chunk(png, "IEND", {});

    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
    const bool ok = std::fwrite(png.data(), 1, png.size(), f) == png.size();
    if (std::fclose(f) != 0 || !ok) throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
}

}  // namespace lstar::display

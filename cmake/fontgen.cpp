// fontgen: converts Linux console fonts (PSF1 or PSF2, optionally gzip-compressed, as Debian's
// console-setup ships them) into the 256 glyphs of the VGA's character generator, in code page
// 437 order, as a C++ source file. Run at build time (cmake/font.cmake):
//     fontgen OUT.cpp FONT.psf.gz [FALLBACK.psf.gz ...]
// The glyph for each CP437 code is found through the fonts' Unicode tables, so their glyph
// order does not matter: the first font that has the character (or its stand-in, ALIASES)
// gives the glyph. No single console-setup font covers all of CP437. A code that no font has
// is an error: the display must never show the wrong glyph silently. Code 0 (NUL) is blank, as
// in the IBM character ROM.
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <utility>
#include <string>
#include <vector>

namespace {

// Code page 437 as the IBM PC's character ROM draws it: 0x01-0x1F and 0x7F are the graphic
// characters (smileys, card suits, arrows), not control codes.
constexpr uint16_t CP437[256] = {
    0x0000, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,  // 00
    0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,  // 08
    0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,  // 10
    0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC,  // 18
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027,  // 20: ASCII
    0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x2302,  // 7F: house
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,  // 80
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,  // 88
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,  // 90
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,  // 98
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,  // A0
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,  // A8
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,  // B0: box drawing
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,  // B8
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,  // C0
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,  // C8
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,  // D0
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,  // D8
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,  // E0: Greek, maths
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,  // E8
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,  // F0
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,  // F8
};

// Console fonts draw the pointers of 0x10 and 0x11 as the triangles U+25B6 and U+25C0.
constexpr std::pair<uint32_t, uint32_t> ALIASES[] = {{0x25BA, 0x25B6}, {0x25C4, 0x25C0}};

[[noreturn]] void fail(const std::string& msg) {
    std::fprintf(stderr, "fontgen: %s\n", msg.c_str());
    std::exit(1);
}

std::vector<uint8_t> read_gz(const char* path) {
    gzFile f = gzopen(path, "rb");  // reads uncompressed files as they are
    if (!f) fail(std::string("cannot open ") + path);
    std::vector<uint8_t> data;
    uint8_t buf[65536];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) data.insert(data.end(), buf, buf + n);
    gzclose(f);
    if (n < 0) fail(std::string("cannot decompress ") + path);
    return data;
}

struct Font {
    unsigned glyphs = 0, height = 0, width = 0, bytes_per_glyph = 0;
    size_t bitmap_offset = 0;
    std::map<uint32_t, unsigned> glyph_of;  // Unicode code point -> glyph index
};

uint32_t le32(const std::vector<uint8_t>& d, size_t at) {
    return uint32_t(d[at]) | uint32_t(d[at + 1]) << 8 | uint32_t(d[at + 2]) << 16 | uint32_t(d[at + 3]) << 24;
}

// PSF1: 2-byte magic 36 04, mode (bit 0: 512 glyphs, bit 1: Unicode table), height; glyphs are
// 8 wide. The table lists, per glyph, 16-bit code points ending with 0xFFFF (0xFFFE starts
// combining sequences, which a text cell cannot show).
Font parse_psf1(const std::vector<uint8_t>& d) {
    Font f;
    f.glyphs = (d[2] & 1) ? 512 : 256;
    f.height = d[3];
    f.width = 8;
    f.bytes_per_glyph = f.height;
    f.bitmap_offset = 4;
    if (!(d[2] & 2)) fail("the PSF1 font has no Unicode table");
    size_t at = f.bitmap_offset + size_t(f.glyphs) * f.bytes_per_glyph;
    for (unsigned g = 0; g < f.glyphs; ++g) {
        bool in_sequence = false;
        for (;;) {
            if (at + 2 > d.size()) fail("truncated Unicode table");
            uint16_t u = uint16_t(d[at] | d[at + 1] << 8);
            at += 2;
            if (u == 0xFFFF) break;
            if (u == 0xFFFE) in_sequence = true;
            else if (!in_sequence) f.glyph_of.emplace(u, g);
        }
    }
    return f;
}

// PSF2: 32-byte header (magic 72 B5 4A 86, version, header size, flags, length, charsize,
// height, width). The table holds UTF-8 strings per glyph, ending with 0xFF (0xFE: sequences).
Font parse_psf2(const std::vector<uint8_t>& d) {
    if (d.size() < 32) fail("truncated PSF2 header");
    Font f;
    f.bitmap_offset = le32(d, 8);
    const uint32_t flags = le32(d, 12);
    f.glyphs = le32(d, 16);
    f.bytes_per_glyph = le32(d, 20);
    f.height = le32(d, 24);
    f.width = le32(d, 28);
    if (!(flags & 1)) fail("the PSF2 font has no Unicode table");
    size_t at = f.bitmap_offset + size_t(f.glyphs) * f.bytes_per_glyph;
    for (unsigned g = 0; g < f.glyphs; ++g) {
        bool in_sequence = false;
        for (;;) {
            if (at >= d.size()) fail("truncated Unicode table");
            const uint8_t b = d[at];
            if (b == 0xFF) { ++at; break; }
            if (b == 0xFE) { in_sequence = true; ++at; continue; }
            unsigned len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            uint32_t u = len == 1 ? b : b & (0x7F >> len);
            for (unsigned k = 1; k < len; ++k) u = u << 6 | (d.at(at + k) & 0x3F);
            at += len;
            if (!in_sequence) f.glyph_of.emplace(u, g);
        }
    }
    return f;
}

struct Loaded {
    std::string path;
    std::vector<uint8_t> data;
    Font font;
};

Loaded load(const char* path) {
    Loaded l{path, read_gz(path), {}};
    const std::vector<uint8_t>& d = l.data;
    if (d.size() >= 4 && d[0] == 0x36 && d[1] == 0x04) l.font = parse_psf1(d);
    else if (d.size() >= 4 && d[0] == 0x72 && d[1] == 0xB5 && d[2] == 0x4A && d[3] == 0x86) l.font = parse_psf2(d);
    else fail(l.path + " is not a PSF font");
    if (l.font.width != 8 || l.font.height != 16) fail(l.path + " is not an 8x16 font");
    if (l.font.bitmap_offset + size_t(l.font.glyphs) * l.font.bytes_per_glyph > d.size())
        fail(l.path + ": truncated glyph bitmaps");
    return l;
}

// The 16 rows of the glyph for Unicode character `u`, from the first font that has it.
std::optional<std::vector<uint8_t>> glyph(const std::vector<Loaded>& fonts, uint32_t u) {
    for (const Loaded& l : fonts) {
        auto it = l.font.glyph_of.find(u);
        if (it == l.font.glyph_of.end()) continue;
        const size_t at = l.font.bitmap_offset + size_t(it->second) * l.font.bytes_per_glyph;
        return std::vector<uint8_t>(l.data.begin() + long(at), l.data.begin() + long(at) + 16);
    }
    return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) fail("usage: fontgen OUT.cpp FONT.psf[.gz] [FALLBACK.psf[.gz] ...]");
    std::vector<Loaded> fonts;
    for (int i = 2; i < argc; ++i) fonts.push_back(load(argv[i]));

    std::vector<std::vector<uint8_t>> glyphs(256, std::vector<uint8_t>(16, 0));
    for (unsigned code = 1; code < 256; ++code) {
        std::optional<std::vector<uint8_t>> g = glyph(fonts, CP437[code]);
        for (const auto& [from, to] : ALIASES)
            if (!g && from == CP437[code]) g = glyph(fonts, to);
        if (!g) fail("no font has a glyph for CP437 code " + std::to_string(code));
        glyphs[code] = *g;
    }

    std::FILE* out = std::fopen(argv[1], "w");
    if (!out) fail(std::string("cannot write ") + argv[1]);
    std::fprintf(out, "// Generated by cmake/fontgen.cpp from");
    for (const Loaded& l : fonts) std::fprintf(out, " %s", l.path.c_str());
    std::fprintf(out, ". Do not edit.\n#include \"display/font.hpp\"\n\nnamespace lstar::display {\n\n");
    std::fprintf(out, "const uint8_t VGA_FONT[256][16] = {\n");
    for (unsigned code = 0; code < 256; ++code) {
        std::fprintf(out, "    {");
        for (unsigned row = 0; row < 16; ++row) std::fprintf(out, "0x%02x%s", glyphs[code][row], row < 15 ? ", " : "");
        std::fprintf(out, "},  // %02x\n", code);
    }
    std::fprintf(out, "};\n\n}  // namespace lstar::display\n");
    return std::fclose(out) == 0 ? 0 : 1;
}

// PNG output for screenshots: 8-bit RGB, written with zlib (PNG specification, ISO/IEC 15948).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "display/render.hpp"

namespace lstar::display {

// Writes `image` to `path` with the given tEXt chunks (keyword, text). Throws
// std::runtime_error with a one-line message when the file cannot be written.
void write_png(const std::string& path, const Image& image,
               const std::vector<std::pair<std::string, std::string>>& text = {});

}  // namespace lstar::display

# cmake/font.cmake - the VGA font, converted at build time from Debian console fonts (package
# console-setup-linux) by cmake/fontgen.cpp into ${LSTAR_FONT_CPP}, which defines
# lstar::display::VGA_FONT (src/display/font.hpp). fontgen finds each code page 437 character
# through the fonts' Unicode tables. FullGreek-VGA16 has all of them but four Latin letters
# (å Å ì ò), which come from Uni2-VGA16; both are the IBM VGA design.
set(LSTAR_CONSOLE_FONTS /usr/share/consolefonts/FullGreek-VGA16.psf.gz /usr/share/consolefonts/Uni2-VGA16.psf.gz
    CACHE STRING "8x16 PSF console fonts for the VGA text display, first match wins")
foreach(font ${LSTAR_CONSOLE_FONTS})
  if(NOT EXISTS ${font})
    message(FATAL_ERROR "The console font ${font} is missing: apt-get install console-setup-linux")
  endif()
endforeach()
find_package(ZLIB REQUIRED)
add_executable(lstar_fontgen ${CMAKE_CURRENT_LIST_DIR}/fontgen.cpp)
target_link_libraries(lstar_fontgen PRIVATE ZLIB::ZLIB)
set(LSTAR_FONT_CPP ${CMAKE_BINARY_DIR}/generated/vga_font.cpp)
add_custom_command(
  OUTPUT ${LSTAR_FONT_CPP}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
  COMMAND lstar_fontgen ${LSTAR_FONT_CPP} ${LSTAR_CONSOLE_FONTS}
  DEPENDS lstar_fontgen ${LSTAR_CONSOLE_FONTS}
  COMMENT "Converting the console fonts to VGA glyphs"
  VERBATIM)

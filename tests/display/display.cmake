# tests/display/display.cmake - the display's tests (docs/display.md). Included from the
# top-level CMakeLists.txt. They run headless: screenshots need no SDL, and the window runs
# under SDL's dummy and offscreen video drivers.
#   display_render_kernel  a Multiboot kernel draws every character and attribute; the
#                          screenshots must match render_check.py's own rendering from the
#                          PSF fonts, with blink shown and hidden, and without blink
#   display_render_vgacon  a program prints colours through the guest kernel's vgacon: the
#                          screen must match, and COM1 must carry what the program prints natively
#   display_keys           --type through the PS/2 keyboard (directly, and through SDL's event
#                          queue) reaches a guest program's read() byte for byte
#   display_no_sdl         without a loadable libSDL2-2.0.so.0, --display=sdl fails with one
#                          line, and runs without a window are unaffected
set(DISPLAY_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})
find_program(DISPLAY_GCC gcc REQUIRED)
find_program(DISPLAY_PYTHON python3 REQUIRED)

add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/vga_kernel.elf
  COMMAND ${DISPLAY_GCC} -m32 -std=c11 -O2 -Wall -Wextra -ffreestanding -fno-pic -fno-pie
          -fno-stack-protector -fcf-protection=none -fno-asynchronous-unwind-tables -nostdlib
          -static -no-pie -Wl,-N -Wl,-Ttext=0x100000 -Wl,--build-id=none -Wl,-z,noexecstack
          -Wl,--no-warn-rwx-segments
          ${DISPLAY_TEST_DIR}/vga_head.S ${DISPLAY_TEST_DIR}/vga_kernel.c -o ${CMAKE_BINARY_DIR}/vga_kernel.elf
  DEPENDS ${DISPLAY_TEST_DIR}/vga_head.S ${DISPLAY_TEST_DIR}/vga_kernel.c
  COMMENT "Building the VGA test kernel vga_kernel.elf"
  VERBATIM)
foreach(name colors echo_keys)
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/${name}
    COMMAND ${MUSL_GCC} -static -std=c11 -O2 -Wall -Wextra -o ${CMAKE_BINARY_DIR}/${name}
            ${DISPLAY_TEST_DIR}/${name}.c
    DEPENDS ${DISPLAY_TEST_DIR}/${name}.c
    COMMENT "Building the display test program ${name}"
    VERBATIM)
endforeach()
add_custom_target(display_test_programs ALL DEPENDS ${CMAKE_BINARY_DIR}/vga_kernel.elf
                  ${CMAKE_BINARY_DIR}/colors ${CMAKE_BINARY_DIR}/echo_keys)

add_test(NAME display_render_kernel
         COMMAND sh ${DISPLAY_TEST_DIR}/render_test.sh kernel $<TARGET_FILE:lstar>
                 ${CMAKE_BINARY_DIR}/vga_kernel.elf ${LSTAR_CONSOLE_FONTS})
add_test(NAME display_render_vgacon
         COMMAND sh ${DISPLAY_TEST_DIR}/render_test.sh vgacon $<TARGET_FILE:lstar>
                 ${CMAKE_BINARY_DIR}/colors ${LSTAR_CONSOLE_FONTS})
add_test(NAME display_keys
         COMMAND sh ${DISPLAY_TEST_DIR}/keys_test.sh $<TARGET_FILE:lstar> ${CMAKE_BINARY_DIR}/echo_keys)
set_tests_properties(display_render_kernel display_render_vgacon display_keys PROPERTIES TIMEOUT 300)
add_test(NAME display_no_sdl
         COMMAND sh ${DISPLAY_TEST_DIR}/no_sdl_test.sh $<TARGET_FILE:lstar> ${CMAKE_BINARY_DIR}/hello ${DISPLAY_GCC})
set_tests_properties(display_no_sdl PROPERTIES TIMEOUT 60)
add_test(NAME display_type_shell
         COMMAND sh ${DISPLAY_TEST_DIR}/type_shell.sh $<TARGET_FILE:lstar> /bin/busybox)
set_tests_properties(display_type_shell PROPERTIES TIMEOUT 60)

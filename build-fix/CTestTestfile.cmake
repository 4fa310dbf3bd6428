# CMake generated Testfile for 
# Source directory: /work/main
# Build directory: /work/main/build-fix
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
include("/work/main/build-fix/lstar_tests_include-b12d07c.cmake")
add_test([=[difftest_seed1_60000]=] "/work/main/build-fix/lstar" "difftest" "--seed" "1" "--count" "60000")
set_tests_properties([=[difftest_seed1_60000]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/CMakeLists.txt;69;add_test;/work/main/CMakeLists.txt;0;")
add_test([=[embed_hello]=] "/work/main/build-fix/embed_hello")
set_tests_properties([=[embed_hello]=] PROPERTIES  _BACKTRACE_TRIPLES "/work/main/CMakeLists.txt;70;add_test;/work/main/CMakeLists.txt;0;")

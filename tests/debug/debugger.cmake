# tests/debug/debugger.cmake - scripted sessions of the step debugger (src/debug/debugger.cpp)
# on build/socket_demo and the Multiboot test kernel, checked against nm, objdump, native gdb
# and a plain `lstar boot`. Included from CMakeLists.txt.
#   debugger_terminal  `lstar debug` on a pseudo-terminal: libedit's history (loaded at run time),
#                      and plain lines with one warning when libedit.so.2 cannot be loaded
if(TARGET guestos AND TARGET testkernel)
  add_test(NAME debugger_session
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/debugger_session.sh $<TARGET_FILE:lstar> ${CMAKE_BINARY_DIR})
  set_tests_properties(debugger_session PROPERTIES TIMEOUT 600)
  add_test(NAME debugger_terminal
           COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/debugger_terminal.py $<TARGET_FILE:lstar>
                   ${CMAKE_BINARY_DIR}/hello ${CMAKE_C_COMPILER})
  set_tests_properties(debugger_terminal PROPERTIES TIMEOUT 120)
endif()

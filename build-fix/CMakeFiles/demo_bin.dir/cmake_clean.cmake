file(REMOVE_RECURSE
  "CMakeFiles/demo_bin"
  "demo.bin"
)

# Per-language clean rules from dependency scanning.
foreach(lang )
  include(CMakeFiles/demo_bin.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()

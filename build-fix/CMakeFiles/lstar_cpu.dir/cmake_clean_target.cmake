file(REMOVE_RECURSE
  "liblstar_cpu.a"
)

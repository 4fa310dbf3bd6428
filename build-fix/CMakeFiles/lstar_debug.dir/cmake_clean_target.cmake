file(REMOVE_RECURSE
  "liblstar_debug.a"
)

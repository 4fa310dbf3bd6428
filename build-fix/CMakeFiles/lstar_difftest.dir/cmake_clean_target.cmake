file(REMOVE_RECURSE
  "liblstar_difftest.a"
)

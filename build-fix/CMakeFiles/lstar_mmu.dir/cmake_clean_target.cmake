file(REMOVE_RECURSE
  "liblstar_mmu.a"
)

file(REMOVE_RECURSE
  "libkb.a"
)

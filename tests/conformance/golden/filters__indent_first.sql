  a
  b
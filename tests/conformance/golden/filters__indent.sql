a
  b
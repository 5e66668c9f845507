(a = b)

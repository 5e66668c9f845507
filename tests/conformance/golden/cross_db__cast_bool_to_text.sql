
  
    cast(flag as TEXT)


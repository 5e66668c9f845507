
    
    cast(x as TEXT)

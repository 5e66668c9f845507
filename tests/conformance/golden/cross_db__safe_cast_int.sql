
    
    cast('12' as integer)


    cast(x as integer)

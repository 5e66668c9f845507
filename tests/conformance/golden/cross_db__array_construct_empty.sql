
    array[]::integer[]
    
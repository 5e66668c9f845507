
    string_agg(
        name,
        ', '
        
        )
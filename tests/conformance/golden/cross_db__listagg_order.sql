
    string_agg(
        name,
        ','
        order by name
        )
list_aggr(
        (array_agg(
            name
            order by name
        ))[1:2],
        'string_agg',
        ','
        )
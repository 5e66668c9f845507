

    ( + cast( as bigint) * interval 1 )
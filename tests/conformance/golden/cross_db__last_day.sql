cast(
        

    (

    (date_trunc('month', d) + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day)
        as date)


    (order_date + cast(7 as bigint) * interval 1 day)
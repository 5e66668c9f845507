

    ('2024-01-31' + cast(-1 as bigint) * interval 1 month)
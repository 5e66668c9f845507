


    


    with rawdata as (

        
    select
        generate_series as generated_number
    from generate_series(1, 3)


    ),

    all_periods as (

        select (
            

    (cast('2024-01-01' as date) + cast(row_number() over (order by 1) - 1 as bigint) * interval 1 day)
        ) as date_day
        from rawdata

    ),

    filtered as (

        select *
        from all_periods
        where date_day <= cast('2024-01-04' as date)

    )

    select * from filtered


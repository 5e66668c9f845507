with __dbt__cte__probe_eph as (

select 2 as id
) select * from __dbt__cte__probe_eph
-- Graduate Outcomes survey: one row per responding graduate, about 15 months after completing.
select
    cast(outcome_id as bigint) as outcome_id,
    cast(student_id as bigint) as student_id,
    trim(graduation_year) as graduation_year,
    cast(census_date as date) as census_date,
    lower(trim(activity)) as activity,
    highly_skilled_flag = 1 as is_highly_skilled,
    cast(salary_gbp as integer) as salary_gbp,
    had_placement_flag = 1 as had_placement
from {{ source('qe', 'graduate_outcomes') }}

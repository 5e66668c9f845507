-- Module evaluation answers: one row per respondent, module run and item.
select
    cast(response_id as bigint) as response_id,
    cast(student_id as bigint) as student_id,
    cast(module_id as bigint) as module_id,
    trim(academic_year) as academic_year,
    cast(response_date as date) as response_date,
    lower(trim(theme)) as theme,
    lower(trim(item)) as item,
    cast(score as integer) as score
from {{ source('qe', 'surveys') }}

-- Placements and sandwich years: one row per placement.
select
    cast(placement_id as bigint) as placement_id,
    cast(student_id as bigint) as student_id,
    trim(academic_year) as academic_year,
    lower(trim(placement_type)) as placement_type,
    lower(trim(employer_sector)) as employer_sector,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    completed_flag = 1 as is_completed
from {{ source('qe', 'placements') }}

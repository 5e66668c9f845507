-- Complaints: one row per complaint at the highest stage reached.
select
    cast(complaint_id as bigint) as complaint_id,
    cast(student_id as bigint) as student_id,
    cast(module_id as bigint) as module_id,
    trim(academic_year) as academic_year,
    lower(trim(category)) as category,
    lower(trim(stage)) as stage,
    cast(received_date as date) as received_date,
    cast(resolved_date as date) as resolved_date,
    lower(trim(outcome)) as outcome,
    oia_referral_flag = 1 as is_oia_referral
from {{ source('qe', 'complaints') }}

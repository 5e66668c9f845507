-- Student-services visits: one row per appointment or drop-in.
select
    cast(visit_id as bigint) as visit_id,
    cast(student_id as bigint) as student_id,
    lower(trim(service)) as service,
    cast(visit_date as date) as visit_date,
    trim(academic_year) as academic_year,
    lower(trim(referral_source)) as referral_source,
    cast(duration_minutes as integer) as duration_minutes
from {{ source('qe', 'support_usage') }}

-- Module registrations: one row per student per module run.
select
    cast(enrolment_id as bigint) as enrolment_id,
    cast(student_id as bigint) as student_id,
    cast(module_id as bigint) as module_id,
    trim(academic_year) as academic_year,
    cast(study_year as integer) as study_year,
    cast(enrolment_date as date) as enrolment_date,
    lower(trim(status)) as enrolment_status,
    cast(withdrawal_date as date) as withdrawal_date
from {{ source('qe', 'enrolments') }}

-- Applications: one row per application; dates as DATE, the cycle named admission_cycle.
select
    cast(application_id as bigint) as application_id,
    cast(applicant_id as bigint) as applicant_id,
    cast(student_id as bigint) as student_id,
    trim(programme) as programme,
    trim(academic_year) as admission_cycle,
    cast(application_date as date) as application_date,
    lower(trim(route)) as route,
    lower(trim(domicile)) as domicile,
    cast(polar4_quintile as integer) as polar4_quintile,
    wp_flag = 1 as is_wp,
    cast(predicted_tariff as integer) as predicted_tariff,
    offer_made = 1 as is_offer_made,
    lower(trim(offer_type)) as offer_type,
    cast(decision_date as date) as decision_date,
    lower(trim(outcome)) as outcome
from {{ source('qe', 'admissions') }}

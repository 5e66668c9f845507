-- Marks: one row per enrolment, assessment and attempt.
select
    cast(grade_id as bigint) as grade_id,
    cast(enrolment_id as bigint) as enrolment_id,
    cast(assessment_id as bigint) as assessment_id,
    cast(attempt as integer) as attempt,
    cast(mark as double) as mark,
    cast(capped_mark as double) as capped_mark,
    submitted_flag = 1 as is_submitted,
    late_flag = 1 as is_late
from {{ source('qe', 'grades') }}

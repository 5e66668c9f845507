-- Feedback turnaround per assessment: calendar days from the deadline to the return of marks and
-- feedback, its seed bin, and whether it met the policy window (var feedback_policy_days).
-- Assessments not yet returned keep a row with NULL turnaround so timeliness can count them.
with turnaround as (
    select
        a.assessment_id,
        a.module_id,
        m.module_code,
        m.programme,
        m.academic_year,
        m.term,
        a.assessment_type,
        a.due_date,
        a.feedback_date,
        a.feedback_date is not null as is_returned,
        {{ days_between('a.due_date', 'a.feedback_date') }} as turnaround_days
    from {{ ref('stg_assessments') }} as a
    inner join {{ ref('stg_modules') }} as m
        on m.module_id = a.module_id
)

select
    t.*,
    {{ turnaround_bin('t.turnaround_days') }} as turnaround_bin,
    b.bin_order,
    case when t.is_returned then t.turnaround_days <= {{ var('feedback_policy_days') }} end as is_within_policy
from turnaround as t
left join {{ ref('turnaround_bins') }} as b
    on b.turnaround_bin = {{ turnaround_bin('t.turnaround_days') }}

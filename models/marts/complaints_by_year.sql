-- Complaints per academic year: volume per 1,000 students (students = distinct students with a
-- module enrolment that year), median resolution days (calendar, resolved complaints only), share
-- upheld in full or part among those with an outcome, and OIA referrals.
with students as (
    select academic_year, count(distinct student_id) as students
    from {{ ref('stg_enrolments') }}
    group by academic_year
),

complaints as (
    select
        academic_year,
        count(*) as complaints,
        count(*) filter (where resolved_date is not null) as resolved,
        median(cast({{ days_between('received_date', 'resolved_date') }} as double)) as median_resolution_days,
        count(*) filter (where outcome in ('upheld', 'partly_upheld')) as upheld,
        count(*) filter (where outcome is not null) as with_outcome,
        count(*) filter (where stage <> 'stage_1') as escalated,
        count(*) filter (where is_oia_referral) as oia_referrals
    from {{ ref('stg_complaints') }}
    group by academic_year
)

select
    s.academic_year,
    s.students,
    coalesce(c.complaints, 0) as complaints,
    1000 * {{ safe_divide('coalesce(c.complaints, 0)', 's.students') }} as complaints_per_1000_students,
    coalesce(c.resolved, 0) as resolved,
    c.median_resolution_days,
    {{ safe_divide('c.upheld', 'c.with_outcome') }} as upheld_share,
    coalesce(c.escalated, 0) as escalated,
    coalesce(c.oia_referrals, 0) as oia_referrals,
    coalesce(c.with_outcome, 0) as with_outcome
from students as s
left join complaints as c
    on c.academic_year = s.academic_year

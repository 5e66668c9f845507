-- Module mark and pass flag per enrolment, exactly as the seed pass-rate KPI defines them:
-- module_mark = sum(mark * weight) / sum(weight) over the enrolment's FIRST-ATTEMPT grades
-- (attempt = 1, mark not null), weights from the assessment. Enrolments without such a grade
-- (withdrawn before assessment) have no row here. Resits (attempt 2) never count.
with first_attempts as (
    select
        g.enrolment_id,
        g.mark,
        a.weight
    from {{ ref('stg_grades') }} as g
    inner join {{ ref('stg_assessments') }} as a
        on a.assessment_id = g.assessment_id
    where g.attempt = 1
      and g.mark is not null
),

marks as (
    select
        enrolment_id,
        count(*) as graded_components,
        sum(weight) as weight_total,
        -- Marks are integers and weights have at most two decimals, so the exact module mark has
        -- at most four: rounding to 6 dp only removes float noise from the summation order.
        round({{ safe_divide('sum(mark * weight)', 'sum(weight)') }}, 6) as module_mark
    from first_attempts
    group by enrolment_id
)

select
    e.enrolment_id,
    e.student_id,
    e.module_id,
    s.programme,
    m.programme as module_programme,
    m.module_code,
    m.academic_year,
    m.term,
    s.level,
    s.mode,
    s.is_wp,
    marks.graded_components,
    marks.weight_total,
    marks.module_mark,
    marks.module_mark >= {{ var('pass_mark') }} as is_passed
from marks
inner join {{ ref('stg_enrolments') }} as e
    on e.enrolment_id = marks.enrolment_id
inner join {{ ref('stg_students') }} as s
    on s.student_id = e.student_id
inner join {{ ref('stg_modules') }} as m
    on m.module_id = e.module_id

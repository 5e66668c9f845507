-- Support use of the students enrolled on each module run, in the run's academic year.
-- Every enrolled student counts (withdrawn ones too: they were enrolled on the run), with 0 visits
-- when they had none; median() averages the two middle values for an even count.
with enrolled as (
    select distinct
        e.module_id,
        e.student_id,
        m.academic_year
    from {{ ref('stg_enrolments') }} as e
    inner join {{ ref('stg_modules') }} as m
        on m.module_id = e.module_id
),

visits as (
    select
        en.module_id,
        en.student_id,
        coalesce(v.support_visits, 0) as support_visits
    from enrolled as en
    left join {{ ref('feat_student_support_by_year') }} as v
        on v.student_id = en.student_id
       and v.academic_year = en.academic_year
)

select
    module_id,
    count(*) as enrolled_students,
    count(*) filter (where support_visits > 0) as students_with_support,
    median(cast(support_visits as double)) as median_support_visits,
    avg(cast(support_visits as double)) as mean_support_visits
from visits
group by module_id

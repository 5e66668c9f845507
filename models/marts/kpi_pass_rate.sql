-- Seed KPI 1: first-attempt pass rate by the student's programme x the module run's academic year
-- x term. An enrolment counts when it has a module mark (feat_enrolment_marks); passed when the
-- weighted first-attempt module mark >= var('pass_mark').
select
    programme,
    academic_year,
    term,
    count(*) as enrolments,
    count(*) filter (where is_passed) as passed,
    {{ safe_divide('count(*) filter (where is_passed)', 'count(*)') }} as pass_rate
from {{ ref('feat_enrolment_marks') }}
group by programme, academic_year, term

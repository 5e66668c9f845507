-- Seed KPI 3: engagement index per module run = survey_mean x ln(1 + median_support_visits),
-- with the run's first-attempt pass rate. Only runs with at least one graded enrolment and at
-- least one survey answer (inner joins).
select
    m.module_id,
    m.module_code,
    m.programme,
    m.academic_year,
    m.term,
    s.survey_mean,
    sup.median_support_visits,
    {{ engagement_index('s.survey_mean', 'sup.median_support_visits') }} as engagement_index,
    p.pass_rate,
    p.graded_enrolments as enrolments,
    p.passed,
    s.survey_answers,
    s.respondents,
    sup.enrolled_students
from {{ ref('stg_modules') }} as m
inner join {{ ref('feat_module_run_pass_rates') }} as p
    on p.module_id = m.module_id
inner join {{ ref('feat_module_run_surveys') }} as s
    on s.module_id = m.module_id
inner join {{ ref('feat_module_run_support') }} as sup
    on sup.module_id = m.module_id

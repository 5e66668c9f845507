-- Seed KPI 4: module runs of engagement_index with pass_rate < var('at_risk_pass_rate') AND
-- survey_mean < var('at_risk_survey_mean'). enrolments = graded enrolments (pass_rate's denominator).
-- respondents is survey_mean's population, so a reader can see how few answers a flag may rest on;
-- severity = the relative shortfall below each threshold, summed (0 at the thresholds), to order by.
select
    e.module_id,
    e.module_code,
    e.programme,
    e.academic_year,
    e.term,
    e.enrolments,
    e.pass_rate,
    e.survey_mean,
    m.module_title,
    e.respondents,
    ({{ var('at_risk_pass_rate') }} - e.pass_rate) / {{ var('at_risk_pass_rate') }}
        + ({{ var('at_risk_survey_mean') }} - e.survey_mean) / {{ var('at_risk_survey_mean') }} as severity
from {{ ref('engagement_index') }} as e
inner join {{ ref('stg_modules') }} as m
    on m.module_id = e.module_id
where e.pass_rate < {{ var('at_risk_pass_rate') }}
  and e.survey_mean < {{ var('at_risk_survey_mean') }}

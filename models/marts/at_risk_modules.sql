-- Seed KPI 4: module runs of engagement_index with pass_rate < var('at_risk_pass_rate') AND
-- survey_mean < var('at_risk_survey_mean'). enrolments = graded enrolments (pass_rate's denominator).
select
    module_id,
    module_code,
    programme,
    academic_year,
    term,
    enrolments,
    pass_rate,
    survey_mean
from {{ ref('engagement_index') }}
where pass_rate < {{ var('at_risk_pass_rate') }}
  and survey_mean < {{ var('at_risk_survey_mean') }}

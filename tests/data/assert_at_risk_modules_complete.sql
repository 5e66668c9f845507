-- ...and every engagement_index run below both thresholds is in at_risk_modules.
select e.module_id
from {{ ref('engagement_index') }} as e
left join {{ ref('at_risk_modules') }} as a
    on a.module_id = e.module_id
where e.pass_rate < {{ var('at_risk_pass_rate') }}
  and e.survey_mean < {{ var('at_risk_survey_mean') }}
  and a.module_id is null

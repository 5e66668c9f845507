-- Every at-risk module run is below BOTH thresholds...
select *
from {{ ref('at_risk_modules') }}
where not (pass_rate < {{ var('at_risk_pass_rate') }} and survey_mean < {{ var('at_risk_survey_mean') }})

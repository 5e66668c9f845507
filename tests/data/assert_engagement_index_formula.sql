-- engagement_index = survey_mean x ln(1 + median_support_visits), row by row.
select *
from {{ ref('engagement_index') }}
where abs(engagement_index - survey_mean * ln(1 + median_support_visits)) > 1e-9

-- Survey summary per module run over ALL answers on the run (every theme and item):
-- the seed engagement KPI's survey_mean, plus respondents and positivity.
select
    module_id,
    count(*) as survey_answers,
    count(distinct student_id) as respondents,
    avg(cast(score as double)) as survey_mean,
    avg({{ positivity('score') }}) as positivity
from {{ ref('stg_surveys') }}
group by module_id

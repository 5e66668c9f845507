-- Survey answers per module run and NSS theme, kept as sums (score_total, positive_answers) so
-- marts can re-aggregate to any grain exactly, plus the run-level mean and positivity.
select
    module_id,
    theme,
    count(*) as answers,
    count(distinct student_id) as respondents,
    sum(score) as score_total,
    sum({{ positivity('score') }}) as positive_answers,
    avg(cast(score as double)) as mean_score,
    avg({{ positivity('score') }}) as positivity
from {{ ref('stg_surveys') }}
group by module_id, theme

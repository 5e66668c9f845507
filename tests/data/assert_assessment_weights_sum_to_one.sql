-- A module run's assessment weights sum to 1 (the module mark formula relies on it for full sits).
select module_id, sum(weight) as weight_total
from {{ ref('stg_assessments') }}
group by module_id
having abs(sum(weight) - 1) > 1e-9

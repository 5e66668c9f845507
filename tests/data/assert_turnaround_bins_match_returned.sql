-- Every returned assessment lands in exactly one bin: bin counts add up to the returned assessments.
select b.total, t.returned
from (select sum(assessments) as total from {{ ref('assessment_turnaround_bins') }}) as b
cross join (select count(*) as returned from {{ ref('feat_assessment_turnaround') }} where is_returned) as t
where b.total <> t.returned

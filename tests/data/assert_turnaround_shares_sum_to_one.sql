-- The four turnaround bin shares sum to 1 whenever any assessment has feedback.
select sum(share) as total_share, sum(assessments) as total_assessments
from {{ ref('assessment_turnaround_bins') }}
having sum(assessments) > 0 and abs(sum(share) - 1) > 1e-9

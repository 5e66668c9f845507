-- Feedback timeliness against the policy window (var feedback_policy_days, calendar days) by
-- programme x academic year x term. within_policy_share is over returned assessments;
-- outstanding counts assessments whose feedback was not yet returned at the snapshot.
select
    programme,
    academic_year,
    term,
    {{ var('feedback_policy_days') }} as policy_days,
    count(*) as assessments,
    count(*) filter (where is_returned) as returned,
    count(*) filter (where not is_returned) as outstanding,
    count(*) filter (where is_within_policy) as returned_within_policy,
    {{ safe_divide('count(*) filter (where is_within_policy)', 'count(*) filter (where is_returned)') }} as within_policy_share,
    median(cast(turnaround_days as double)) as median_turnaround_days,
    avg(cast(turnaround_days as double)) as mean_turnaround_days
from {{ ref('feat_assessment_turnaround') }}
group by programme, academic_year, term

-- Seed KPI 2: distribution of feedback turnaround (calendar days from due date to feedback date)
-- over every assessment with a feedback date, in the four seed bins. Bins come from the
-- turnaround_bins seed so all four appear, in order, even when one is empty.
with returned as (
    select turnaround_bin
    from {{ ref('feat_assessment_turnaround') }}
    where is_returned
),

counts as (
    select turnaround_bin, count(*) as assessments
    from returned
    group by turnaround_bin
),

total as (
    select count(*) as assessments from returned
)

select
    b.turnaround_bin,
    b.bin_order,
    coalesce(c.assessments, 0) as assessments,
    {{ safe_divide('coalesce(c.assessments, 0)', 'total.assessments') }} as share
from {{ ref('turnaround_bins') }} as b
left join counts as c
    on c.turnaround_bin = b.turnaround_bin
cross join total

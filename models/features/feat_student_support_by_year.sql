-- Support-service visits per student and academic year (only students with at least one visit;
-- consumers treat a missing row as 0 visits).
select
    student_id,
    academic_year,
    count(*) as support_visits,
    count(distinct service) as services_used,
    sum(duration_minutes) as support_minutes
from {{ ref('stg_support_usage') }}
group by student_id, academic_year

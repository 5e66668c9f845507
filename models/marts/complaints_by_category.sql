-- Complaints per academic year x category: volume, rate per 1,000 students (as in
-- complaints_by_year), share of the year's complaints and median resolution days.
with students as (
    select academic_year, count(distinct student_id) as students
    from {{ ref('stg_enrolments') }}
    group by academic_year
),

by_category as (
    select
        academic_year,
        category,
        count(*) as complaints,
        median(cast({{ days_between('received_date', 'resolved_date') }} as double)) as median_resolution_days
    from {{ ref('stg_complaints') }}
    group by academic_year, category
)

select
    b.academic_year,
    b.category,
    cc.category_label,
    cc.category_group,
    b.complaints,
    1000 * {{ safe_divide('b.complaints', 's.students') }} as complaints_per_1000_students,
    {{ safe_divide('b.complaints', 'sum(b.complaints) over (partition by b.academic_year)') }} as share_of_year,
    b.median_resolution_days
from by_category as b
left join students as s
    on s.academic_year = b.academic_year
left join {{ ref('complaint_categories') }} as cc
    on cc.category = b.category

-- Graduate outcomes per programme x graduation year: share of respondents in highly skilled work
-- or further study (the OfS "progression" sense), split by whether the graduate took a placement.
with outcomes as (
    select
        g.student_id,
        s.programme,
        g.graduation_year,
        g.had_placement,
        g.salary_gbp,
        coalesce(a.in_work_or_study = 1, false) as is_in_work_or_study,
        coalesce(g.is_highly_skilled, false) or coalesce(a.further_study = 1, false) as is_positive_outcome
    from {{ ref('stg_graduate_outcomes') }} as g
    inner join {{ ref('stg_students') }} as s
        on s.student_id = g.student_id
    left join {{ ref('graduate_activities') }} as a
        on a.activity = g.activity
)

select
    programme,
    graduation_year,
    count(*) as respondents,
    count(*) filter (where is_in_work_or_study) as in_work_or_study,
    count(*) filter (where is_positive_outcome) as highly_skilled_or_study,
    {{ safe_divide('count(*) filter (where is_positive_outcome)', 'count(*)') }} as positive_outcome_rate,
    count(*) filter (where had_placement) as placement_respondents,
    count(*) filter (where not had_placement) as no_placement_respondents,
    {{ safe_divide('count(*) filter (where had_placement and is_positive_outcome)', 'count(*) filter (where had_placement)') }} as placement_positive_rate,
    {{ safe_divide('count(*) filter (where not had_placement and is_positive_outcome)', 'count(*) filter (where not had_placement)') }} as no_placement_positive_rate,
    median(cast(salary_gbp as double)) as median_salary_gbp
from outcomes
group by programme, graduation_year

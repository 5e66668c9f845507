-- Placements per programme x academic year x placement type: volume and completion share, and the
-- share of the programme's students that year taking one (students = distinct enrolled students).
with students as (
    select s.programme, e.academic_year, count(distinct e.student_id) as students
    from {{ ref('stg_enrolments') }} as e
    inner join {{ ref('stg_students') }} as s
        on s.student_id = e.student_id
    group by s.programme, e.academic_year
)

select
    s.programme,
    p.academic_year,
    p.placement_type,
    count(*) as placements,
    count(*) filter (where p.is_completed) as completed,
    {{ safe_divide('count(*) filter (where p.is_completed)', 'count(*)') }} as completion_rate,
    {{ safe_divide('count(distinct p.student_id)', 'max(st.students)') }} as student_share,
    max(st.students) as students
from {{ ref('stg_placements') }} as p
inner join {{ ref('stg_students') }} as s
    on s.student_id = p.student_id
left join students as st
    on st.programme = s.programme
   and st.academic_year = p.academic_year
group by s.programme, p.academic_year, p.placement_type

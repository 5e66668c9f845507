-- A module mark lies between the lowest and highest first-attempt mark it averages.
with parts as (
    select g.enrolment_id, min(g.mark) as lo, max(g.mark) as hi
    from {{ ref('stg_grades') }} as g
    where g.attempt = 1 and g.mark is not null
    group by g.enrolment_id
)
select f.enrolment_id, f.module_mark, p.lo, p.hi
from {{ ref('feat_enrolment_marks') }} as f
inner join parts as p
    on p.enrolment_id = f.enrolment_id
where f.module_mark < p.lo - 1e-6 or f.module_mark > p.hi + 1e-6

-- kpi_pass_rate counts each graded enrolment exactly once (a fan-out join would inflate it).
select m.total as mart_enrolments, f.total as graded_enrolments
from (select sum(enrolments) as total from {{ ref('kpi_pass_rate') }}) as m
cross join (select count(*) as total from {{ ref('feat_enrolment_marks') }}) as f
where m.total <> f.total

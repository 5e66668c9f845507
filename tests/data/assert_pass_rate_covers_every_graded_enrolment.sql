-- kpi_pass_rate counts each enrolment with a first-attempt mark exactly once: its enrolments add up
-- to the distinct graded enrolments counted straight from staging (a fan-out join anywhere between
-- grades and the mart inflates the left side; a lost join deflates it).
select m.total as mart_enrolments, s.total as graded_enrolments
from (select sum(enrolments) as total from {{ ref('kpi_pass_rate') }}) as m
cross join (
    select count(distinct enrolment_id) as total
    from {{ ref('stg_grades') }}
    where attempt = 1 and mark is not null
) as s
where m.total <> s.total

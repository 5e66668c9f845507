-- Pass rate per module run, over its graded enrolments (those with a module mark, see
-- feat_enrolment_marks). Runs with no graded enrolment have no row.
select
    module_id,
    count(*) as graded_enrolments,
    count(*) filter (where is_passed) as passed,
    {{ safe_divide('count(*) filter (where is_passed)', 'count(*)') }} as pass_rate,
    avg(module_mark) as mean_module_mark
from {{ ref('feat_enrolment_marks') }}
group by module_id

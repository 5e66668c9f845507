-- Continuation and completion by entry cohort x programme x mode, against the OfS condition B3
-- thresholds for the mode and level (vars b3_<mode>_<level>_<measure>). A below-threshold flag is
-- raised only when the rate is known (cohort observable) and rests on at least var('b3_min_students')
-- students, since OfS itself does not judge tiny populations.
with cohorts as (
    select
        entry_cohort,
        programme,
        mode,
        level,
        count(*) as entrants,
        count(*) filter (where is_continuation_observed) as continuation_population,
        count(*) filter (where is_continued) as continued,
        count(*) filter (where is_completion_observed) as completion_population,
        count(*) filter (where is_completed) as completed
    from {{ ref('feat_student_progression') }}
    group by entry_cohort, programme, mode, level
),

rated as (
    select
        *,
        {{ safe_divide('continued', 'continuation_population') }} as continuation_rate,
        {{ b3_threshold('continuation', 'mode', 'level') }} as continuation_threshold,
        {{ safe_divide('completed', 'completion_population') }} as completion_rate,
        {{ b3_threshold('completion', 'mode', 'level') }} as completion_threshold
    from cohorts
)

select
    *,
    coalesce(
        continuation_population >= {{ var('b3_min_students', 20) }} and continuation_rate < continuation_threshold,
        false
    ) as is_below_continuation_threshold,
    coalesce(
        completion_population >= {{ var('b3_min_students', 20) }} and completion_rate < completion_threshold,
        false
    ) as is_below_completion_threshold
from rated

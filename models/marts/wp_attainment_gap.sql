-- Attainment gap: first-attempt module pass rate of widening-participation students against the
-- rest, by programme x academic year (enrolment grain as in kpi_pass_rate).
-- pass_rate_gap_pp = (non-WP pass rate - WP pass rate) x 100: positive means WP students pass less.
with by_group as (
    select
        programme,
        academic_year,
        count(*) filter (where is_wp) as wp_enrolments,
        count(*) filter (where is_wp and is_passed) as wp_passed,
        count(*) filter (where not is_wp) as other_enrolments,
        count(*) filter (where not is_wp and is_passed) as other_passed
    from {{ ref('feat_enrolment_marks') }}
    group by programme, academic_year
)

select
    programme,
    academic_year,
    wp_enrolments,
    wp_passed,
    {{ safe_divide('wp_passed', 'wp_enrolments') }} as wp_pass_rate,
    other_enrolments,
    other_passed,
    {{ safe_divide('other_passed', 'other_enrolments') }} as other_pass_rate,
    100 * ({{ safe_divide('other_passed', 'other_enrolments') }} - {{ safe_divide('wp_passed', 'wp_enrolments') }}) as pass_rate_gap_pp
from by_group

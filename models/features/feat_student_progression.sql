-- Continuation and completion outcome per student of an observed entry cohort.
-- Cohorts: entry years from the first academic year the data covers (earlier entrants appear only
-- if they survived, which would bias the rates). Snapshot = the last academic year covered.
-- continued: did not withdraw in the entry year; known once the entry year is before the snapshot.
-- completed: status 'completed'; known once the expected final year (duration, doubled for part
-- time) is on or before the snapshot year.
with years as (
    select
        min({{ academic_year_start('academic_year') }}) as first_year,
        max({{ academic_year_start('academic_year') }}) as snapshot_year
    from {{ ref('stg_modules') }}
),

students as (
    select
        s.student_id,
        s.programme,
        s.level,
        s.mode,
        s.is_wp,
        s.entry_year as entry_cohort,
        {{ academic_year_start('s.entry_year') }} as entry_start,
        p.duration_years * (case when s.mode = 'PT' then 2 else 1 end) as expected_years,
        s.status,
        s.leave_year
    from {{ ref('stg_students') }} as s
    inner join {{ ref('stg_programmes') }} as p
        on p.programme = s.programme
)

select
    st.student_id,
    st.programme,
    st.level,
    st.mode,
    st.is_wp,
    st.entry_cohort,
    st.expected_years,
    st.status,
    st.leave_year,
    st.entry_start < y.snapshot_year as is_continuation_observed,
    case
        when st.entry_start < y.snapshot_year
            then not (st.status = 'withdrawn' and st.leave_year = st.entry_cohort)
    end as is_continued,
    st.entry_start + st.expected_years - 1 <= y.snapshot_year as is_completion_observed,
    case
        when st.entry_start + st.expected_years - 1 <= y.snapshot_year
            then st.status = 'completed'
    end as is_completed
from students as st
cross join years as y
where st.entry_start >= y.first_year

-- Module runs: one row per module code taught in an academic year and term.
select
    cast(module_id as bigint) as module_id,
    upper(trim(module_code)) as module_code,
    trim(module_title) as module_title,
    trim(programme) as programme,
    upper(trim(level)) as level,
    cast(study_year as integer) as study_year,
    trim(academic_year) as academic_year,
    upper(trim(term)) as term,
    cast(credits as integer) as credits,
    quantitative_flag = 1 as is_quantitative,
    core_flag = 1 as is_core
from {{ source('qe', 'modules') }}

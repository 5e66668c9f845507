-- Student records: one row per student; codes normalised, flags as booleans.
select
    cast(student_id as bigint) as student_id,
    trim(programme) as programme,
    upper(trim(level)) as level,
    trim(entry_year) as entry_year,
    upper(trim(mode)) as mode,
    lower(trim(domicile)) as domicile,
    wp_flag = 1 as is_wp,
    cast(polar4_quintile as integer) as polar4_quintile,
    cast(imd_quintile as integer) as imd_quintile,
    cast(age_on_entry as integer) as age_on_entry,
    mature_flag = 1 as is_mature,
    lower(trim(sex)) as sex,
    lower(trim(ethnicity_group)) as ethnicity_group,
    disability_flag = 1 as is_disabled,
    care_leaver_flag = 1 as is_care_leaver,
    cast(entry_tariff as integer) as entry_tariff,
    lower(trim(status)) as status,
    trim(leave_year) as leave_year,
    lower(trim(award)) as award
from {{ source('qe', 'students') }}

-- Programme catalogue: codes trimmed, flags as booleans.
select
    trim(programme) as programme,
    trim(programme_name) as programme_name,
    upper(trim(level)) as level,
    trim(department) as department,
    lower(trim(faculty)) as faculty,
    quantitative_flag = 1 as is_quantitative,
    cast(duration_years as integer) as duration_years,
    placement_option_flag = 1 as has_placement_option,
    lower(trim(tariff_band)) as tariff_band
from {{ source('qe', 'programmes') }}

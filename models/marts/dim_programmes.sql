-- The programme catalogue as a dimension for BI tools and the dashboard's filters: code, title,
-- level, department and faculty, one row per programme.
select
    programme,
    programme_name,
    level,
    department,
    faculty,
    duration_years,
    has_placement_option
from {{ ref('stg_programmes') }}

{#- Start calendar year of an academic-year code like '2023/24' (-> 2023), for arithmetic on cohorts. -#}
{% macro academic_year_start(code) -%}
  cast(substr({{ code }}, 1, 4) as integer)
{%- endmacro %}

{#- The academic-year code that starts `offset` years after the code's start year: ('2023/24', 1) -> '2024/25'.
    Self-contained (no call to academic_year_start) so it does not depend on macro-to-macro calls. -#}
{% macro academic_year_add(code, offset) -%}
  (cast(cast(substr({{ code }}, 1, 4) as integer) + ({{ offset }}) as varchar) || '/'
    || lpad(cast((cast(substr({{ code }}, 1, 4) as integer) + ({{ offset }}) + 1) % 100 as varchar), 2, '0'))
{%- endmacro %}

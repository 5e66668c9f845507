{#- OfS condition B3 threshold (fraction) for a measure ('continuation' or 'completion') given the
    mode ('FT'/'PT') and level ('UG'/'PGT') columns; values come from the b3_<mode>_<level>_<measure>
    vars in dbt_project.yml so a run can override them with --vars. -#}
{% macro b3_threshold(measure, mode_col, level_col) -%}
  case
  {%- for m in ['FT', 'PT'] %}
    {%- for l in ['UG', 'PGT'] %}
    when {{ mode_col }} = '{{ m }}' and {{ level_col }} = '{{ l }}' then cast({{ var('b3_' ~ (m | lower) ~ '_' ~ (l | lower) ~ '_' ~ measure) }} as double)
    {%- endfor %}
  {%- endfor %}
  end
{%- endmacro %}

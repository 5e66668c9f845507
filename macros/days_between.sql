{#- Whole calendar days from start_date to end_date (negative when end is earlier; NULL if either is).
    One expression that DuckDB and Spark (ANSI) both read the same way: timestamp difference as a
    day-time interval, its day field. dbt.datediff(start, end, 'day') once dispatch is available. -#}
{% macro days_between(start_date, end_date) -%}
  cast(extract(day from (cast({{ end_date }} as timestamp) - cast({{ start_date }} as timestamp))) as bigint)
{%- endmacro %}

{#- Date arithmetic. DuckDB has no dateadd(): multiply an interval of one unit instead, which takes
    column expressions as well as literals; quarter and week become months and days. -#}

{% macro dateadd(datepart, interval, from_date_or_timestamp) -%}
    {{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}
{%- endmacro %}

{% macro default__dateadd(datepart, interval, from_date_or_timestamp) -%}
    dateadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}

{#- dbt-duckdb 1.11's text, whitespace included: its output starts with the blank lines around its comment. -#}
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) %}

    {#
      Support both literal and expression intervals (e.g., column references)
      by multiplying an INTERVAL by the value. This avoids DuckDB parser issues
      with "interval (<expr>) <unit>" and works across versions.

      Also map unsupported units:
      - quarter => 3 months
      - week    => 7 days (DuckDB supports WEEK as a literal, but keep it explicit)
    #}

    {%- set unit = datepart | lower -%}
    {%- if unit == 'quarter' -%}
        ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 3) * interval 1 month)
    {%- elif unit == 'week' -%}
        ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 7) * interval 1 day)
    {%- else -%}
        ({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * interval 1 {{ unit }})
    {%- endif -%}

{% endmacro %}

{#- datediff: dbt-core's and dbt-duckdb's text, whitespace included. dbt-duckdb's weeks count week
    boundaries crossed (as Snowflake does), not whole 7-day spans. -#}
{% macro datediff(first_date, second_date, datepart) %}
  {{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}
{% endmacro %}


{% macro default__datediff(first_date, second_date, datepart) -%}

    datediff(
        {{ datepart }},
        {{ first_date }},
        {{ second_date }}
        )

{%- endmacro %}

{% macro duckdb__datediff(first_date, second_date, datepart) -%}
    {% if datepart == 'week' %}
            ({{ datediff(first_date, second_date, 'day') }} // 7 + case
            when date_part('dow', ({{first_date}})::timestamp) <= date_part('dow', ({{second_date}})::timestamp) then
                case when {{first_date}} <= {{second_date}} then 0 else -1 end
            else
                case when {{first_date}} <= {{second_date}} then 1 else 0 end
        end)
    {% else %}
        (date_diff('{{ datepart }}', {{ first_date }}::timestamp, {{ second_date}}::timestamp ))
    {% endif %}
{%- endmacro %}

{% macro date_trunc(datepart, date) -%}
    {{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}
{%- endmacro %}

{% macro default__date_trunc(datepart, date) -%}
    date_trunc('{{ datepart }}', {{ date }})
{%- endmacro %}

{% macro duckdb__date_trunc(datepart, date) -%}
    date_trunc('{{ datepart }}', {{ date }})
{%- endmacro %}

{#- last_day: dbt-core's and dbt-duckdb's text, whitespace included (compiled SQL matches dbt's byte for byte). -#}
{% macro last_day(date, datepart) %}
  {{ return(adapter.dispatch('last_day', 'dbt') (date, datepart)) }}
{% endmacro %}

{%- macro default_last_day(date, datepart) -%}
    cast(
        {{dbt.dateadd('day', '-1',
        dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))
        )}}
        as date)
{%- endmacro -%}

{% macro default__last_day(date, datepart) -%}
    {{dbt.default_last_day(date, datepart)}}
{%- endmacro %}

{% macro duckdb__last_day(date, datepart) -%}

    {%- if datepart == 'quarter' -%}
    -- duckdb dateadd does not support quarter interval.
    cast(
        {{dbt.dateadd('day', '-1',
        dbt.dateadd('month', '3', dbt.date_trunc(datepart, date))
        )}}
        as date)
    {%- else -%}
    {{dbt.default_last_day(date, datepart)}}
    {%- endif -%}

{%- endmacro %}

{% macro date(year, month, day) -%}
    {{ return(adapter.dispatch('date', 'dbt')(year, month, day)) }}
{%- endmacro %}

{% macro default__date(year, month, day) -%}
    to_date('{{ modules.datetime.date(year, month, day).strftime('%Y-%m-%d') }}', 'YYYY-MM-DD')
{%- endmacro %}

{% macro duckdb__date(year, month, day) -%}
    make_date({{ year }}, {{ month }}, {{ day }})
{%- endmacro %}

{% macro current_timestamp() -%}
    {{ return(adapter.dispatch('current_timestamp', 'dbt')()) }}
{%- endmacro %}

{% macro default__current_timestamp() -%}
    current_timestamp
{%- endmacro %}

{% macro duckdb__current_timestamp() -%}
    now()
{%- endmacro %}

{#- Spark's timestampadd takes any unit as a keyword and column expressions as the amount; it gives a
    timestamp, as dbt-spark's dateadd does (a date comes back at midnight). A NULL date gives NULL. -#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    timestampadd({{ datepart | upper }}, cast({{ interval }} as bigint), {{ from_date_or_timestamp }})
{%- endmacro %}

{#- Boundaries crossed, as dbt-spark and DuckDB count them (Spark's three-argument datediff counts
    whole units instead). Weeks start on Sunday; 1970-01-04 was one. -#}
{% macro spark__datediff(first_date, second_date, datepart) -%}
    {%- set unit = datepart | lower -%}
    {%- if unit == 'day' -%}
        datediff({{ second_date }}, {{ first_date }})
    {%- elif unit == 'week' -%}
        (floor(datediff({{ second_date }}, date'1970-01-04') / 7) - floor(datediff({{ first_date }}, date'1970-01-04') / 7))
    {%- elif unit == 'month' -%}
        ((year({{ second_date }}) * 12 + month({{ second_date }})) - (year({{ first_date }}) * 12 + month({{ first_date }})))
    {%- elif unit == 'quarter' -%}
        ((year({{ second_date }}) * 4 + quarter({{ second_date }})) - (year({{ first_date }}) * 4 + quarter({{ first_date }})))
    {%- elif unit == 'year' -%}
        (year({{ second_date }}) - year({{ first_date }}))
    {%- elif unit in ['hour', 'minute'] -%}
        {%- set seconds = 3600 if unit == 'hour' else 60 -%}
        (floor(unix_timestamp({{ second_date }}) / {{ seconds }}) - floor(unix_timestamp({{ first_date }}) / {{ seconds }}))
    {%- elif unit == 'second' -%}
        (unix_timestamp({{ second_date }}) - unix_timestamp({{ first_date }}))
    {%- elif unit == 'millisecond' -%}
        (unix_millis(cast({{ second_date }} as timestamp)) - unix_millis(cast({{ first_date }} as timestamp)))
    {%- elif unit == 'microsecond' -%}
        (unix_micros(cast({{ second_date }} as timestamp)) - unix_micros(cast({{ first_date }} as timestamp)))
    {%- else -%}
        {{ exceptions.raise_compiler_error("macro datediff not implemented for datepart '" ~ datepart ~ "' on Spark") }}
    {%- endif -%}
{%- endmacro %}

{#- Spark's datetime patterns are Java's: yyyy-MM-dd (YYYY is the week-based year, DD the day of the year). -#}
{% macro spark__date(year, month, day) -%}
    to_date('{{ modules.datetime.date(year, month, day).strftime('%Y-%m-%d') }}', 'yyyy-MM-dd')
{%- endmacro %}

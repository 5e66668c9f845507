{#- Portable type names and casts. default__ asks the adapter's Column type table, as dbt does;
    duckdb__ names DuckDB's types directly (what dbt-duckdb's table yields). -#}

{% macro type_string() -%}{{ return(adapter.dispatch('type_string', 'dbt')()) }}{%- endmacro %}
{% macro default__type_string() -%}{{ return(api.Column.translate_type('string')) }}{%- endmacro %}
{% macro duckdb__type_string() -%}{{ return('TEXT') }}{%- endmacro %}

{% macro type_timestamp() -%}{{ return(adapter.dispatch('type_timestamp', 'dbt')()) }}{%- endmacro %}
{% macro default__type_timestamp() -%}{{ return(api.Column.translate_type('timestamp')) }}{%- endmacro %}
{% macro duckdb__type_timestamp() -%}{{ return('timestamp') }}{%- endmacro %}

{% macro type_float() -%}{{ return(adapter.dispatch('type_float', 'dbt')()) }}{%- endmacro %}
{% macro default__type_float() -%}{{ return(api.Column.translate_type('float')) }}{%- endmacro %}
{% macro duckdb__type_float() -%}{{ return('float') }}{%- endmacro %}

{#- numeric(28,6): dbt's default precision and scale, wide enough for money and rates. -#}
{% macro type_numeric() -%}{{ return(adapter.dispatch('type_numeric', 'dbt')()) }}{%- endmacro %}
{% macro default__type_numeric() -%}{{ return(api.Column.numeric_type('numeric', 28, 6)) }}{%- endmacro %}
{% macro duckdb__type_numeric() -%}{{ return('numeric(28,6)') }}{%- endmacro %}

{% macro type_bigint() -%}{{ return(adapter.dispatch('type_bigint', 'dbt')()) }}{%- endmacro %}
{% macro default__type_bigint() -%}{{ return(api.Column.translate_type('bigint')) }}{%- endmacro %}
{% macro duckdb__type_bigint() -%}{{ return('bigint') }}{%- endmacro %}

{% macro type_int() -%}{{ return(adapter.dispatch('type_int', 'dbt')()) }}{%- endmacro %}
{% macro default__type_int() -%}{{ return(api.Column.translate_type('integer')) }}{%- endmacro %}
{% macro duckdb__type_int() -%}{{ return('integer') }}{%- endmacro %}

{% macro type_boolean() -%}{{ return(adapter.dispatch('type_boolean', 'dbt')()) }}{%- endmacro %}
{% macro default__type_boolean() -%}{{ return(api.Column.translate_type('boolean')) }}{%- endmacro %}
{% macro duckdb__type_boolean() -%}{{ return('boolean') }}{%- endmacro %}

{% macro cast(field, type) %}
  {{ return(adapter.dispatch('cast', 'dbt') (field, type)) }}
{% endmacro %}
{% macro default__cast(field, type) %}
    cast({{field}} as {{type}})
{% endmacro %}

{#- Most engines have no try_cast; dbt's default (and dbt-duckdb) simply cast. -#}
{% macro safe_cast(field, type) %}
  {{ return(adapter.dispatch('safe_cast', 'dbt') (field, type)) }}
{% endmacro %}
{% macro default__safe_cast(field, type) %}
    {# most databases don't support this function yet
    so we just need to use cast #}
    cast({{field}} as {{type}})
{% endmacro %}

{% macro cast_bool_to_text(field) %}
  {{ adapter.dispatch('cast_bool_to_text', 'dbt') (field) }}
{% endmacro %}
{% macro default__cast_bool_to_text(field) %}
    cast({{ field }} as {{ api.Column.translate_type('string') }})
{% endmacro %}

{#- qe's Spark session is ANSI, where cast fails on a bad value: try_cast gives NULL, as safe_cast means. -#}
{% macro spark__safe_cast(field, type) -%}try_cast({{ field }} as {{ type }}){%- endmacro %}

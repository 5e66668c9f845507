{#- Aggregates and set operators whose names differ between engines. -#}

{% macro any_value(expression) -%}
    {{ return(adapter.dispatch('any_value', 'dbt')(expression)) }}
{%- endmacro %}

{% macro default__any_value(expression) -%}
    any_value({{ expression }})
{%- endmacro %}

{% macro duckdb__any_value(expression) -%}
    arbitrary({{ expression }})
{%- endmacro %}

{% macro bool_or(expression) -%}
    {{ return(adapter.dispatch('bool_or', 'dbt')(expression)) }}
{%- endmacro %}

{% macro default__bool_or(expression) -%}
    bool_or({{ expression }})
{%- endmacro %}

{#- except and intersect keep dbt-core's text, blank lines included: macros such as dbt_utils.equality put them between queries as they are. -#}
{% macro except() %}
  {{ return(adapter.dispatch('except', 'dbt')()) }}
{% endmacro %}

{% macro default__except() %}

    except

{% endmacro %}

{% macro intersect() %}
  {{ return(adapter.dispatch('intersect', 'dbt')()) }}
{% endmacro %}

{% macro default__intersect() %}

    intersect

{% endmacro %}

{#- Plain equality (dbt's behaviour flag for null-safe equality is off by default). -#}
{% macro equals(expr1, expr2) %}
    {{ return(adapter.dispatch('equals', 'dbt') (expr1, expr2)) }}
{%- endmacro %}

{% macro default__equals(expr1, expr2) -%}
    ({{ expr1 }} = {{ expr2 }})
{% endmacro %}

{% macro probe_add(a, b=10) -%}
{{ a + b }}
{%- endmacro %}

{% macro probe_returns_list() %}
{{ return([1, 2, 3]) }}
{% endmacro %}

{% macro probe_wrap(tag) -%}
<{{ tag }}>{{ caller() }}</{{ tag }}>
{%- endmacro %}

{% macro probe_greet(name) %}
{{ return(adapter.dispatch('probe_greet')(name)) }}
{% endmacro %}

{% macro default__probe_greet(name) %}default hello {{ name }}{% endmacro %}

{% macro duckdb__probe_greet(name) %}duckdb hello {{ name }}{% endmacro %}

{% macro probe_only_default(x) %}
{{ return(adapter.dispatch('probe_only_default', 'probes')(x)) }}
{% endmacro %}

{% macro default__probe_only_default(x) %}only default {{ x }}{% endmacro %}

{% macro probe_set_materialized() %}
{{ config(materialized='table') }}
{% endmacro %}

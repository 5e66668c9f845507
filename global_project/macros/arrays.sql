{#- Array literals and operations. -#}

{% macro array_construct(inputs=[], data_type=api.Column.translate_type('integer')) -%}
  {{ return(adapter.dispatch('array_construct', 'dbt')(inputs, data_type)) }}
{%- endmacro %}

{#- An empty array needs its element type spelt out. -#}
{% macro default__array_construct(inputs, data_type) -%}
    {% if inputs|length > 0 %}
    array[ {{ inputs|join(' , ') }} ]
    {% else %}
    array[]::{{data_type}}[]
    {% endif %}
{%- endmacro %}

{#- Spark builds arrays with array(...); an empty one is cast to its element type. -#}
{% macro spark__array_construct(inputs, data_type) -%}
    {%- if inputs | length > 0 -%}
        array( {{ inputs | join(' , ') }} )
    {%- else -%}
        cast(array() as array<{{ data_type }}>)
    {%- endif -%}
{%- endmacro %}

{% macro array_append(array, new_element) -%}
    {{ return(adapter.dispatch('array_append', 'dbt')(array, new_element)) }}
{%- endmacro %}

{% macro default__array_append(array, new_element) -%}
    array_append({{ array }}, {{ new_element }})
{%- endmacro %}

{% macro array_concat(array_1, array_2) -%}
    {{ return(adapter.dispatch('array_concat', 'dbt')(array_1, array_2)) }}
{%- endmacro %}

{% macro default__array_concat(array_1, array_2) -%}
    array_cat({{ array_1 }}, {{ array_2 }})
{%- endmacro %}

{#- Spark has no array_cat: concat joins arrays. -#}
{% macro spark__array_concat(array_1, array_2) -%}
    concat({{ array_1 }}, {{ array_2 }})
{%- endmacro %}

{#- Division that yields NULL instead of an error (or infinity) when the denominator is 0 or NULL.
    Both sides are cast to DOUBLE so integer counts never divide as integers. -#}
{% macro safe_divide(numerator, denominator) -%}
  (cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0))
{%- endmacro %}

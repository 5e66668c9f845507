{#- Rows for which the SQL expression is not true; on a column, the expression continues it
    (`column_name: mark`, `expression: ">= 0"`). The project's own copy of dbt_utils' test. -#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
{%- if column_name is none %}
where not ({{ expression }})
{%- else %}
where not ({{ column_name }} {{ expression }})
{%- endif %}
{% endtest %}

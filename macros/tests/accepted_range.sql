{#- Rows whose column lies outside [min_value, max_value] (bounds excluded when inclusive=false).
    The project's own copy of dbt_utils' test, so dbt-core and qe both run it without packages. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
select *
from {{ model }}
where 1 = 2
{%- if min_value is not none %}
   or not {{ column_name }} {{ '>=' if inclusive else '>' }} {{ min_value }}
{%- endif %}
{%- if max_value is not none %}
   or not {{ column_name }} {{ '<=' if inclusive else '<' }} {{ max_value }}
{%- endif %}
{% endtest %}

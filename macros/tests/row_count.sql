{#- One failing row when the relation's row count lies outside [min_value, max_value]. -#}
{% test row_count(model, min_value=none, max_value=none, inclusive=true) %}
select count(*) as n_records
from {{ model }}
having 1 = 2
{%- if min_value is not none %}
    or not count(*) {{ '>=' if inclusive else '>' }} {{ min_value }}
{%- endif %}
{%- if max_value is not none %}
    or not count(*) {{ '<=' if inclusive else '<' }} {{ max_value }}
{%- endif %}
{% endtest %}

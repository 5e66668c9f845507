{#- One failing row when the relation has no rows at all. -#}
{% test not_empty(model) %}
select count(*) as n_records
from {{ model }}
having count(*) = 0
{% endtest %}

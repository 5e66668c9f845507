{#- 1 when a Likert answer counts as positive (NSS convention: 4 or 5 on 1-5), else 0; averaging it
    over answers gives the positivity share. The cut-off is var('positive_score_min'). -#}
{% macro positivity(score) -%}
  (case when {{ score }} >= {{ var('positive_score_min', 4) }} then 1 else 0 end)
{%- endmacro %}

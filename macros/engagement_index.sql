{#- Engagement index of a module run: survey_mean x ln(1 + median support visits).
    ln(1 + x) keeps the index at 0 when the median student never used support, and damps heavy use. -#}
{% macro engagement_index(survey_mean, median_visits) -%}
  ({{ survey_mean }} * ln(1 + {{ median_visits }}))
{%- endmacro %}

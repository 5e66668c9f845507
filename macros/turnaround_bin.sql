{#- Feedback turnaround bin label for a number of calendar days. The labels and their order are
    fixed by the seed KPI (seeds/turnaround_bins.csv holds the same bounds with a sort order).
    NULL days (feedback not yet returned) give NULL. -#}
{% macro turnaround_bin(days) -%}
  case
    when {{ days }} is null then null
    when {{ days }} <= 10 then '<=10'
    when {{ days }} <= 15 then '11-15'
    when {{ days }} <= 20 then '16-20'
    else '>20'
  end
{%- endmacro %}

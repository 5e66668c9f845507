-- NSS-style theme scores per programme x academic year x theme over module-evaluation answers:
-- mean score (1-5) and positivity = share of answers scoring 4 or 5 (var positive_score_min).
-- The programme is the module run's. Re-aggregated from per-run sums, so means are exact.
select
    m.programme,
    m.academic_year,
    f.theme,
    th.theme_label,
    th.theme_order,
    count(*) as module_runs,
    sum(f.answers) as answers,
    {{ safe_divide('sum(f.score_total)', 'sum(f.answers)') }} as mean_score,
    sum(f.positive_answers) as positive_answers,
    {{ safe_divide('sum(f.positive_answers)', 'sum(f.answers)') }} as positivity
from {{ ref('feat_module_run_theme_scores') }} as f
inner join {{ ref('stg_modules') }} as m
    on m.module_id = f.module_id
left join {{ ref('nss_themes') }} as th
    on th.theme = f.theme
group by m.programme, m.academic_year, f.theme, th.theme_label, th.theme_order

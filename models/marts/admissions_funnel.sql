-- Admissions funnel by programme x admission cycle x widening-participation marker.
-- offer_rate = offers / applications; acceptance_rate = firm acceptances / offers, where a firm
-- acceptance is an offer the applicant took up (outcome 'enrolled' or 'conditions_not_met');
-- conversion_rate = enrolled / applications.
with apps as (
    select
        programme,
        admission_cycle,
        is_wp,
        is_offer_made,
        is_offer_made and outcome in ('enrolled', 'conditions_not_met') as is_accepted,
        outcome = 'enrolled' as is_enrolled
    from {{ ref('stg_admissions') }}
)

select
    programme,
    admission_cycle,
    is_wp,
    count(*) as applications,
    count(*) filter (where is_offer_made) as offers,
    count(*) filter (where is_accepted) as acceptances,
    count(*) filter (where is_enrolled) as enrolled,
    {{ safe_divide('count(*) filter (where is_offer_made)', 'count(*)') }} as offer_rate,
    {{ safe_divide('count(*) filter (where is_accepted)', 'count(*) filter (where is_offer_made)') }} as acceptance_rate,
    {{ safe_divide('count(*) filter (where is_enrolled)', 'count(*)') }} as conversion_rate
from apps
group by programme, admission_cycle, is_wp

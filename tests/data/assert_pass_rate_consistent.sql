-- pass_rate is a fraction, passed never exceeds enrolments, and pass_rate = passed / enrolments.
select *
from {{ ref('kpi_pass_rate') }}
where pass_rate < 0 or pass_rate > 1
   or passed > enrolments
   or abs(pass_rate - cast(passed as double) / enrolments) > 1e-12

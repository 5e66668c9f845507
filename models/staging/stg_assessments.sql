-- Assessment components of a module run; weight kept as DOUBLE, dates as DATE.
select
    cast(assessment_id as bigint) as assessment_id,
    cast(module_id as bigint) as module_id,
    cast(sequence as integer) as assessment_sequence,
    lower(trim(assessment_type)) as assessment_type,
    cast(weight as double) as weight,
    cast(due_date as date) as due_date,
    cast(feedback_date as date) as feedback_date
from {{ source('qe', 'assessments') }}

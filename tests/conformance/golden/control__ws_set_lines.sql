

select 3
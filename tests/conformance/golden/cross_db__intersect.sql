select 1 

    intersect

 select 1
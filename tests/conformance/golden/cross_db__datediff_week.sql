
            (
        (date_diff('day', a::timestamp, b::timestamp ))
     // 7 + case
            when date_part('dow', (a)::timestamp) <= date_part('dow', (b)::timestamp) then
                case when a <= b then 0 else -1 end
            else
                case when a <= b then 1 else 0 end
        end)
    
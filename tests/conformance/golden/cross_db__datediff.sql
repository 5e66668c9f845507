
        (date_diff('day', start_d::timestamp, end_d::timestamp ))
    


    length(
        s
    )
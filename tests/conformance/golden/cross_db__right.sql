

    right(
        s,
        3
    )


    position(
        'a' in s
    )
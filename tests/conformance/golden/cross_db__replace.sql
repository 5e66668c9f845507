

    replace(
        s,
        'a',
        'b'
    )




    string_split(s, ',')[ -1 ]

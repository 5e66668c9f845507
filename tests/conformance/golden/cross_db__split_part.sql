
    string_split(s, ',')[ 2 ]

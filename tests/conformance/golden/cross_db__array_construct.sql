
    array[ 1 , 2 ]
    
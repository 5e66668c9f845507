
kept

end
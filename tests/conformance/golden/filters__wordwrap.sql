aaa
bbb
ccc
<
  value: 1
>
// str, list and dict methods templates call. Expected outputs were rendered by dbt-core 1.11's Jinja environment
// (dbt_common.clients.jinja.get_environment; macros with jinja2 + do/loopcontrols), not guessed.
import { describe, expect, it } from "vitest";
import { render } from "./render.js";

const CASES: [string, string][] = [
  ["{{ '{}-{}'.format('a', 1) }}", "a-1"],
  ["{{ '{0}{1}{0}'.format('a', 'b') }}", "aba"],
  ["{{ '{x}!'.format(x=3) }}", "3!"],
  ["{{ '{:>5}|{:<3}|'.format('a', 'b') }}", "    a|b  |"],
  ["{{ 'a,b,c'.split(',') }}", "['a', 'b', 'c']"],
  ["{{ ' a  b '.split() }}", "['a', 'b']"],
  ["{{ 'a,b,c'.split(',', 1) }}", "['a', 'b,c']"],
  ["{{ '-'.join(['a', 'b']) }}", "a-b"],
  ["{{ 'Ab'.upper() }}{{ 'Ab'.lower() }}", "ABab"],
  ["{{ '  x '.strip() }}|{{ 'xxy'.lstrip('x') }}|{{ 'yxx'.rstrip('x') }}", "x|y|y"],
  ["{{ 'aaa'.replace('a', 'b') }} {{ 'aaa'.replace('a', 'b', 2) }}", "bbb bba"],
  ["{{ 'abc'.startswith('a') }} {{ 'abc'.endswith('bc') }} {{ 'abc'.startswith(('x', 'a')) }}", "True True True"],
  ["{{ 'abc'.find('c') }} {{ 'abc'.find('z') }} {{ 'abab'.count('ab') }}", "2 -1 2"],
  ["{{ 'hello world'.title() }} {{ 'hello'.capitalize() }}", "Hello World Hello"],
  ["{{ '12'.isdigit() }} {{ 'ab'.isalpha() }} {{ '5'.zfill(3) }}", "True True 005"],
  ["{% set l = [1] %}{% do l.append(2) %}{% do l.extend([3, 4]) %}{{ l }} {{ l.pop() }} {{ l }} {{ l.index(2) }} {{ l.count(1) }}", "[1, 2, 3, 4] 4 [1, 2, 3] 1 1"],
  ["{% set l = [3, 1, 2] %}{% do l.sort() %}{{ l }}{% do l.reverse() %}{{ l }}{% do l.insert(0, 9) %}{{ l }}{% do l.remove(9) %}{{ l }}", "[1, 2, 3][3, 2, 1][9, 3, 2, 1][3, 2, 1]"],
  ["{% set d = {'a': 1} %}{{ d.items() | list }} {{ d.keys() | list }} {{ d.values() | list }} {{ d.get('a') }} {{ d.get('z') }} {{ d.get('z', 0) }}", "[('a', 1)] ['a'] [1] 1 None 0"],
  ["{% set d = {'a': 1} %}{% do d.update({'b': 2}) %}{{ d }} {{ d.pop('a') }} {{ d }} {{ d.setdefault('c', 3) }} {{ d }}", "{'a': 1, 'b': 2} 1 {'b': 2} 3 {'b': 2, 'c': 3}"],
  ["{% set d = {'a': 1} %}{{ d.a }} {{ d['a'] }} {{ d.copy() }}", "1 1 {'a': 1}"],
  ["{{ [1, 2, 3][1] }} {{ 'abc'[0] }} {{ [1, 2, 3][-1] }}", "2 a 3"],
  // Slices, with Python's bounds: omitted, negative, past the end, stepped, reversed.
  ["{{ [1, 2, 3, 4][1:] }} {{ [1, 2, 3][:-1] }} {{ [1, 2, 3][:2] }} {{ [1, 2, 3][5:] }} {{ [1, 2, 3][-5:1] }}", "[2, 3, 4] [1, 2] [1, 2] [] [1]"],
  ["{{ 'abcdef'[1:3] }} {{ 'abcdef'[-2:] }} {{ 'abcdef'[::2] }} {{ 'abcdef'[::-1] }} {{ 'abcdef'[4:1:-1] }} {{ 'abcdef'[:] }}", "bc ef ace fedcba edc abcdef"],
  ["{{ (1, 2, 3)[1:] }} {{ [1, 2, 3, 4, 5][-3:-1] }} {{ [1, 2, 3, 4, 5][::-2] }}", "(2, 3) [3, 4] [5, 3, 1]"],
  ["{% set n = 2 %}{{ 'abcdef'[n:n + 2] }} {{ 'abcdef'[n * 2:] }} {{ ['x', 'y', 'z'][1:] | join(',') }} {{ 'abc'[1:][0] }}", "cd ef y,z b"],
  ["{% set d = {} %}{{ d[1, 2] is defined }} {{ [1, 2][(0)] }}", "False 1"],
  ["{{ [[1, 2], [3]][0][1:] }} {{ {'k': 'abc'}['k'][1:] }} {{ 'a.b.c'.split('.')[1:] }}", "[2] bc ['b', 'c']"],
];

describe("methods", () => {
  it.each(CASES)("%s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });
});

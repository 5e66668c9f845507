// Typo hints for the command line: yargs says "Unknown argument: biuld"; we say which command or
// flag was probably meant, the same way project errors suggest the closest name.
import yargs, { type Argv } from "yargs";
import { didYouMean } from "../core/did-you-mean.js";
import { UsageError } from "../core/errors.js";
import type { Command } from "./commands/command.js";

/** A UsageError when argv starts with a word that is no command (undefined otherwise). */
export function unknownCommandError(argv: readonly string[], commands: readonly Command[]): UsageError | undefined {
  const word = argv[0];
  if (word === undefined || word.startsWith("-") || commands.some((c) => c.name === word)) return undefined;
  const names = commands.map((c) => c.name);
  const near = didYouMean(word, names);
  return new UsageError(`unknown command '${word}'`, undefined, near ? `did you mean \`qe ${near}\`?` : `commands: ${names.join(", ")}; see \`qe --help\``);
}

/**
 * yargs' "Unknown argument(s): ful-refresh, fulRefresh" on a known command, restated as
 * "unknown flag --ful-refresh" (without yargs' camelCase echo) with the closest flag of that
 * command as the hint. Undefined for any other message.
 */
export function unknownFlagError(message: string, argv: readonly string[], commands: readonly Command[]): UsageError | undefined {
  const m = /^Unknown arguments?: (.+)$/.exec(message);
  if (!m) return undefined;
  const given = m[1]!.split(", ");
  const names = given.filter((n) => !(/[A-Z]/.test(n) && given.includes(kebab(n))));
  const cmd = commands.find((c) => c.name === argv[0]);
  const flags = cmd ? optionNames(cmd.builder(yargs([]))) : [];
  const hints = names.flatMap((name) => {
    const near = didYouMean(name, flags, name.length <= 3 ? 1 : 2);
    if (!near) return [];
    return [names.length === 1 ? `did you mean --${near}?` : `did you mean --${near} for ${dashes(name)}?`];
  });
  const what = names.map(dashes).join(", ");
  return new UsageError(
    `unknown flag${names.length === 1 ? "" : "s"} ${what}${cmd ? ` for \`qe ${cmd.name}\`` : ""}`,
    undefined,
    hints.length ? hints.join("; ") : `see \`qe ${cmd ? cmd.name + " " : ""}--help\``,
  );
}

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
const dashes = (name: string): string => (name.length === 1 ? "-" : "--") + name;

function optionNames(y: Argv): string[] {
  // yargs has getOptions() at run time; its v17 typings do not declare it.
  const opts = (y as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions();
  return Object.keys(opts.key).filter((k) => k.length > 1 && k !== "help" && k !== "version");
}

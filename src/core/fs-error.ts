// The file system refusing an operation (a file where a folder should be, no permission, a full
// disk) is a problem with the user's disk, not a bug: the CLI reports it like any QeError,
// naming the path, instead of printing a stack.
import { QeError } from "./errors.js";

export class FileSystemError extends QeError {
  readonly code = "file-system";
}

const REASONS: Record<string, { why: string; hint: string }> = {
  EEXIST: { why: "a file is in the way where a folder is needed", hint: "move that file away, or choose another path" },
  ENOTDIR: { why: "a file is in the way where a folder is needed", hint: "move that file away, or choose another path" },
  EISDIR: { why: "it is a folder, and a file is needed here", hint: "move the folder away, or give a file path" },
  EACCES: { why: "permission denied", hint: "check the permissions of the path and its folder" },
  EPERM: { why: "operation not permitted", hint: "check the permissions of the path and its folder" },
  EROFS: { why: "the file system is read-only", hint: "point the option at a writable folder" },
  ENOSPC: { why: "the disk is full", hint: "free some space and run again" },
  ENOENT: { why: "no such file or folder", hint: "check the path" },
};

/** A Node fs error (one with `syscall` and `code`) as a FileSystemError naming its path; undefined for anything else. */
export function fileSystemErrorOf(e: unknown): FileSystemError | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  if (typeof err.syscall !== "string" || typeof err.code !== "string") return undefined;
  const reason = REASONS[err.code];
  const path = err.dest ?? err.path;
  const what = `${err.syscall} failed: ${reason?.why ?? err.message} (${err.code})`; // the path is in loc
  return new FileSystemError(what, path ? { file: path } : undefined, reason?.hint, { cause: e });
}

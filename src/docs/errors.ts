import { CodedError } from "../core/errors.js";

/** A problem generating or serving the docs (no generated site, port in use). */
export class DocsError extends CodedError {}

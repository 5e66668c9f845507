export { COMMANDS, BUILDERS } from "./definitions.js";

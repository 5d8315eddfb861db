export * from './index.js';
export { openTerminal, type OpenTerminalOptions, type TerminalConnection, type TerminalEnd, type TerminalSession } from './jobs/open-terminal.js';

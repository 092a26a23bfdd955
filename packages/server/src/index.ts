export { startServer, type RunningServer } from './server.ts';
export { parseServerOptions, serverUsage, type ServerOptions } from './config/server-options.ts';
export { signParams } from './kernel/signature.ts';
export { allCommands } from './commands.ts';

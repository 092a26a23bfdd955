import type { CommandDecl } from './kernel/command.ts';
import type { Restorer } from './kernel/jobs.ts';
import type { SettingDecl } from './kernel/settings-store.ts';
import { kernelSettings } from './kernel/settings-store.ts';
import { identityCommands, identityRestorers, identitySettings } from './identity/index.ts';
import { operationsCommands, operationsSettings } from './operations/index.ts';

/** Every domain's commands, settings and restorers: the one list the server is built from. */
export const allCommands: CommandDecl[] = [...identityCommands, ...operationsCommands];
export const allSettings: SettingDecl[] = [...kernelSettings, ...identitySettings, ...operationsSettings];
export const allRestorers: ReadonlyMap<string, Restorer> = new Map(Object.entries({ ...identityRestorers }));

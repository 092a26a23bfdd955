import type { CommandDecl } from './kernel/command.ts';
import type { Restorer } from './kernel/jobs.ts';
import type { DomainModule } from './kernel/module.ts';
import type { SettingDecl } from './kernel/settings-store.ts';
import { kernelSettings } from './kernel/settings-store.ts';
import { identityCommands, identityRestorers, identitySettings } from './identity/index.ts';
import { operationsCommands, operationsSettings } from './operations/index.ts';
import { infrastructureModule } from './infrastructure/index.ts';
import { offeringsModule } from './offerings/index.ts';
import { imagesModule } from './images/index.ts';
import { agentsModule } from './agents/index.ts';
import { storageModule } from './storage/index.ts';
import { networkModule } from './network/index.ts';
import { computeModule } from './compute/index.ts';

/** Every domain, in the order their bootstraps run. */
export const modules: DomainModule[] = [
  { name: 'identity', commands: identityCommands, settings: identitySettings, restorers: identityRestorers },
  { name: 'operations', commands: operationsCommands, settings: operationsSettings },
  infrastructureModule,
  offeringsModule,
  imagesModule,
  agentsModule,
  storageModule,
  networkModule,
  computeModule,
];

/** Every domain's commands, settings and restorers: the lists the server is built from. */
export const allCommands: CommandDecl[] = modules.flatMap((m) => m.commands);
export const allSettings: SettingDecl[] = [...kernelSettings, ...modules.flatMap((m) => m.settings ?? [])];
export const allRestorers: ReadonlyMap<string, Restorer> = new Map(modules.flatMap((m) => Object.entries(m.restorers ?? {})));

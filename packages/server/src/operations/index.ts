import type { CommandDecl } from '../kernel/command.ts';
import { registerEntityTables } from '../kernel/entities.ts';
import { archiveEvents, deleteEvents } from './commands/archive-events.ts';
import { listApis } from './commands/list-apis.ts';
import { listAsyncJobs } from './commands/list-async-jobs.ts';
import { listCapabilities } from './commands/list-capabilities.ts';
import { listConfigurations } from './commands/list-configurations.ts';
import { listEventTypes } from './commands/list-event-types.ts';
import { listEvents } from './commands/list-events.ts';
import { queryAsyncJobResult } from './commands/query-async-job-result.ts';
import { resetConfiguration, updateConfiguration } from './commands/update-configuration.ts';
import { tagCommands } from './tags/index.ts';
import { alertCommands } from './alerts/commands.ts';

export { operationsSettings } from './settings.ts';
export { raiseAlert, type AlertKind } from './alerts/alerts.ts';
export { deleteTagsOf, registerTaggable, tagFilter, tagsOf, type TaggableResolver, type TagOwner, type TagResponse } from './tags/index.ts';

// Jobs are the kernel's table, but queryAsyncJobResult, the command that names them, is this domain's.
registerEntityTables({ AsyncJob: 'async_job', Event: 'event', Alert: 'alert' });

export const operationsCommands: CommandDecl[] = [
  queryAsyncJobResult,
  listAsyncJobs,
  listApis,
  listCapabilities,
  listEvents,
  listEventTypes,
  archiveEvents,
  deleteEvents,
  listConfigurations,
  updateConfiguration,
  resetConfiguration,
  ...tagCommands,
  ...alertCommands,
];

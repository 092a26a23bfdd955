import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { RoleType } from './roles.ts';
import type { Database } from '../db/schema.ts';
import type { Settings } from './settings-store.ts';
import type { Sessions } from './sessions.ts';
import type { CommandRegistry } from './registry.ts';
import type { Directory } from './directory.ts';

/** CloudStack parameter types as `listApis` names them. */
export type ParamType = 'uuid' | 'string' | 'integer' | 'long' | 'short' | 'boolean' | 'date' | 'list' | 'map';

export interface ParamDecl {
  type: ParamType;
  description: string;
  required?: boolean;
  /** Maximum length of a string value (CloudStack's `length`, 255 by default). */
  length?: number;
  /** Element type of a `list` parameter (comma-separated on the wire). */
  of?: Exclude<ParamType, 'list' | 'map'>;
  since?: string;
  /**
   * The entity a uuid parameter names (`VirtualMachine`, `Network`...): the kernel refuses an id of no such row before
   * the handler runs (kernel/entities.ts). The owning domain registers the lookup.
   */
  entity?: string;
}

/** The value a parameter of each type is coerced to before it reaches a handler. */
export type MapEntry = Record<string, string>;
export type ParamValue = string | number | boolean | Date | string[] | number[] | MapEntry[];
export type Params = Record<string, ParamValue | undefined>;

/** Who is calling: resolved once by authentication, read by role checks and scoping. */
export interface Caller {
  userId: string;
  username: string;
  accountId: string;
  accountName: string;
  accountType: number;
  domainId: string;
  /** The caller domain's path, `/` for ROOT, `/a/b/` below it. */
  domainPath: string;
  roleId: string;
  roleType: RoleType;
  /** The built-in root admin role bypasses role rules, as in CloudStack. */
  isRootAdminRole: boolean;
}

/** A resource an async job moved into a transitional state, and how to move it back. */
export interface TouchedResource {
  type: string;
  id: string;
  restoreState: string;
}

/** Everything a command handler may use. */
export interface CommandContext {
  caller: Caller;
  db: Kysely<Database>;
  log: Logger;
  requestId: string;
  settings: Settings;
  /** Set by the handler to name the resource the event of this call is about. */
  event: { resourceType?: string; resourceId?: string; description?: string; startId?: string };
  /** Present when the command runs as an async job. */
  job?: JobHandle;
  /** The HTTP exchange, for the few commands that manage sessions (login, logout). */
  http: HttpExchange;
  /** Login sessions, for login and logout. */
  sessions: Sessions;
  /** Every command and the role lookups behind `mayCall`, for the discovery commands (`listApis`, `listEventTypes`). */
  registry: CommandRegistry;
  directory: Directory;
}

export interface HttpExchange {
  /** The session id from the request's cookie, if any. */
  sessionId?: string;
  /** `scheme://host[:port]` as the client addressed this server (for URLs such as a console's). */
  origin?: string;
  setCookie(name: string, value: string, options?: { httpOnly?: boolean; maxAge?: number }): void;
}

export interface JobHandle {
  id: string;
  /** The id the new resource takes, for commands declaring `jobInstance.allocate`. */
  instanceId?: string;
  /** Reports progress (0-100) to `queryAsyncJobResult`'s `jobprocstatus`. */
  progress(percent: number): Promise<void>;
  /**
   * Records, before it happens, that this job moves a resource into a transitional state, so that a failure or a
   * server restart puts it back into `restoreState`.
   */
  touch(resource: TouchedResource): Promise<void>;
}

export type ResponseObject = Record<string, unknown>;

export type CommandResult =
  | { kind: 'list'; count: number; items: ResponseObject[] }
  | { kind: 'object'; object: ResponseObject }
  | { kind: 'success'; displaytext?: string }
  | { kind: 'raw'; body: ResponseObject };

export type ResponseDecl =
  | { type: 'list'; listKey: string }
  | { type: 'object'; name: string }
  | { type: 'success' }
  | { type: 'raw' };

export interface CommandDecl {
  name: string;
  description: string;
  since?: string;
  /** Role types allowed when no role permission rule decides (CloudStack's `authorized` annotation). */
  access: readonly RoleType[];
  async?: boolean;
  params: Record<string, ParamDecl>;
  response: ResponseDecl;
  /** Event type recorded for each call (`ACCOUNT.CREATE`); none for read-only commands. */
  event?: string;
  /**
   * Resource type an async job works on (`jobinstancetype`), with the parameter holding its id, or `allocate` for a
   * create: the kernel picks the new resource's id (`ctx.job.instanceId`) so the first answer carries it beside the jobid.
   */
  jobInstance?: { type: string; idParam: string; allocate?: never } | { type: string; allocate: true; idParam?: never };
  /** Commands that need no authentication (`login`). */
  public?: boolean;
  handler(ctx: CommandContext, params: Params): Promise<CommandResult>;
}

/** Identity helper that keeps declarations type-checked without a class. */
export function defineCommand(decl: CommandDecl): CommandDecl {
  return decl;
}

export const list = (count: number, items: ResponseObject[]): CommandResult => ({ kind: 'list', count, items });
export const object = (value: ResponseObject): CommandResult => ({ kind: 'object', object: value });
export const success = (displaytext?: string): CommandResult => ({ kind: 'success', displaytext });

import type { Caller } from './command.ts';

/**
 * What the kernel needs to know about users and roles, implemented by the identity domain. The kernel decides how a
 * request is authenticated and whether a role may call a command; identity knows who exists.
 */
export interface Directory {
  /** The active user holding this API key, with the plain secret key for verifying its signature. */
  byApiKey(apiKey: string): Promise<{ caller: Caller; secretKey: string } | undefined>;
  /** The active user with this id (for sessions). */
  byUserId(userId: string): Promise<Caller | undefined>;
  /** The system user, which runs requests on the integration port. */
  systemCaller(): Promise<Caller>;
  /** The role's permission rules in evaluation order. */
  rolePermissions(roleId: string): Promise<Array<{ rule: string; permission: 'allow' | 'deny' }>>;
}

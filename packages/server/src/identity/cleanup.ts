import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CommandContext } from '../kernel/command.ts';

/**
 * What deleteAccount (and deleteDomain cleanup=true) remove with an account, each registered by the domain that owns
 * it, run in this order: VMs first (expunged, giving back host capacity, NICs and addresses), then what they held.
 */
export const cleanupStages = ['vms', 'storage', 'network', 'keys', 'templates', 'tags'] as const;
export type CleanupStage = (typeof cleanupStages)[number];

/** Removes everything of one kind an account owns, releasing its counts; runs its own transactions (agents may be called). */
export type AccountCleaner = (db: Kysely<Database>, accountId: string, ctx: CommandContext) => Promise<void>;

const cleaners = new Map<CleanupStage, AccountCleaner[]>();

export function registerAccountCleaner(stage: CleanupStage, clean: AccountCleaner): void {
  cleaners.set(stage, [...(cleaners.get(stage) ?? []), clean]);
}

/** Runs every registered cleaner for each account, reporting progress between `from` and `to` percent. */
export async function cleanAccounts(ctx: CommandContext, accountIds: string[], from: number, to: number): Promise<void> {
  const steps = accountIds.length * cleanupStages.length;
  let done = 0;
  for (const accountId of accountIds) {
    for (const stage of cleanupStages) {
      for (const clean of cleaners.get(stage) ?? []) await clean(ctx.db, accountId, ctx);
      done++;
      await ctx.job?.progress(Math.floor(from + ((to - from) * done) / steps));
    }
  }
}

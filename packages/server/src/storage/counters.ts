import { registerResourceCounter } from '../identity/limits/index.ts';

/** How updateResourceCount recounts what storage holds for an account. */
export function registerStorageCounters(): void {
  registerResourceCounter('volume', async (db, accountId) => {
    const r = await db.selectFrom('volume').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
    return Number(r.n);
  });
  registerResourceCounter('primary_storage', async (db, accountId) => {
    const r = await db.selectFrom('volume').select((eb) => eb.fn.sum<number>('size').as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
    return Number(r.n ?? 0);
  });
  registerResourceCounter('snapshot', async (db, accountId) => {
    const r = await db.selectFrom('snapshot').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
    return Number(r.n);
  });
}

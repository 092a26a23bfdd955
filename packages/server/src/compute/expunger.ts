import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { everyInterval } from '../kernel/periodic.ts';
import { purgeVm } from './purge.ts';
import { moveState } from './vms.ts';

/** Expunges VMs destroyed more than `expunge.delay` seconds ago; returns how many. */
export async function expungeDue(db: Kysely<Database>, delaySeconds: number, log: Logger): Promise<number> {
  const cutoff = new Date(Date.now() - delaySeconds * 1000).toISOString();
  const due = await db.selectFrom('vm_instance').select('id').where('state', '=', 'Destroyed').where('destroyed', '<=', cutoff).limit(500).execute();
  let done = 0;
  for (const { id } of due) {
    // Claiming the row first lets several servers run expungers without expunging a VM twice, or one just recovered.
    if (!(await moveState(db, id, 'Destroyed', 'Expunging'))) continue;
    try {
      await purgeVm(db, id);
      done++;
    } catch (err) {
      log.error({ err, vmId: id }, 'expunging a destroyed VM failed; it stays Expunging until the next run');
    }
  }
  return done;
}

/** Finishes VMs left Expunging by a failed run or an interrupted job (none of which a running job holds). */
async function finishStuck(kernel: Kernel): Promise<void> {
  const stuck = await kernel.db.selectFrom('vm_instance').select('id').where('state', '=', 'Expunging').limit(100).execute();
  if (stuck.length === 0) return;
  const held = await kernel.db
    .selectFrom('job_resource')
    .select('resource_id')
    .where('resource_type', '=', 'VirtualMachine')
    .where('resource_id', 'in', stuck.map((s) => s.id))
    .execute();
  const busy = new Set(held.map((r) => r.resource_id));
  for (const { id } of stuck) {
    if (busy.has(id)) continue;
    // One VM that cannot go (its host gone for good) must not hold up the others.
    await purgeVm(kernel.db, id).catch((err: unknown) => kernel.log.error({ err, vmId: id }, 'expunging a VM failed; it stays Expunging until the next run'));
  }
}

/**
 * The background expunger: at start (finishing what a restart interrupted) and then every `expunge.interval` seconds
 * (re-read each second, so a change applies without a restart) it finishes VMs stuck in Expunging and expunges VMs
 * destroyed `expunge.delay` ago.
 */
export function startExpunger(kernel: Kernel): () => Promise<void> {
  return everyInterval(kernel, { intervalSetting: 'expunge.interval', what: 'the expunger', atStart: true }, async () => {
    await finishStuck(kernel);
    await expungeDue(kernel.db, await kernel.settings.int('expunge.delay'), kernel.log);
  });
}

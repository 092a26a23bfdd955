import type { CommandContext } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { assertAccess } from '../identity/scope.ts';
import { findSnapshot } from './snapshots.ts';

/** What a volume made from a snapshot takes from it. */
export interface SnapshotSource {
  snapshotId: string;
  snapshotName: string;
  zoneId: string;
  /** The copy is made where the snapshot is: hosts reach both only through that pool. */
  poolId: string;
  path: string;
  sizeBytes: number;
  /** The disk offering of the snapshot's volume, when that volume still exists. */
  diskOfferingId?: string;
}

/** The snapshot `createVolume snapshotid=` names, checked: the caller's to use, and complete (BackedUp). */
export async function snapshotSource(ctx: CommandContext, snapshotId: string): Promise<SnapshotSource> {
  const { domain_path, ...s } = await findSnapshot(ctx.db, snapshotId);
  assertAccess(ctx.caller, { accountId: s.account_id, domainPath: domain_path }, 'snapshot');
  if (s.state !== 'BackedUp') throw errors.paramError(`Snapshot ${s.name} is ${s.state}, not BackedUp: a volume can be made only from a complete snapshot`, [s.id]);
  const volume = await ctx.db.selectFrom('volume').select('disk_offering_id').where('id', '=', s.volume_id).executeTakeFirst();
  return {
    snapshotId: s.id,
    snapshotName: s.name,
    zoneId: s.zone_id,
    poolId: s.pool_id,
    path: s.path ?? s.id,
    sizeBytes: s.size,
    diskOfferingId: volume?.disk_offering_id ?? undefined,
  };
}

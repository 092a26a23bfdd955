import { createServer } from 'node:net';
import type { VmSpec } from '@nimbus/protocol';
import { run } from '../../exec.ts';
import type { AgentContext } from '../../handlers/handler.ts';
import { cleanUpGuest, findGuest, type Guest } from './guests.ts';
import { kill, launchGuest } from './lifecycle.ts';
import { qmp } from './qmp.ts';
import { serialised } from './serialised.ts';

// Another program can take the port between our probe and qemu's bind: a few fresh ports are tried.
const portAttempts = 5;

/**
 * The target's half of a live migration: the guest's NICs plugged and a qemu with the same command line as StartVm's,
 * waiting for the guest's state on a free port of the host's address, which is answered.
 */
export function prepareIncoming(ctx: AgentContext, vm: VmSpec): Promise<number> {
  const name = vm.instanceName;
  return serialised(name, async () => {
    const running = await findGuest(ctx, name);
    if (running) throw new Error(`Cannot prepare the migration of ${name}: it already runs on this host (qemu pid ${running.pid})`);
    return launchGuest(ctx, vm, { incoming: true }, async (args) => {
      for (let attempt = 1; ; attempt++) {
        const port = await freePort(ctx.config.address);
        try {
          await run('qemu-system-x86_64', [...args, '-incoming', tcpUri(ctx.config.address, port)], { timeoutMs: 60_000 });
          return port;
        } catch (e) {
          const message = (e as Error).message;
          if (attempt < portAttempts && /Address already in use/i.test(message)) continue;
          throw new Error(`Cannot prepare the migration of ${name}: ${message}`);
        }
      }
    });
  });
}

export interface MigrationTarget {
  host: string;
  address: string;
  port: number;
}

export interface MigrateOptions {
  /** How long the transfer may take before it is cancelled (120 s). */
  timeoutMs?: number;
}

const pollMs = 150;

// Every other status of query-migrate means a migration is under way.
const finished = new Set(['none', 'completed', 'failed', 'cancelled']);

/**
 * Sends a running guest to a target prepared by PrepareMigration, then ends its qemu here and removes its run files
 * and taps. If the migration fails, the guest keeps running here.
 */
export function migrateGuest(ctx: AgentContext, name: string, target: MigrationTarget, opts: MigrateOptions = {}): Promise<void> {
  return serialised(name, async () => {
    const guest = await findGuest(ctx, name);
    if (!guest) throw new Error(`Cannot migrate ${name}: it is not running on this host`);
    const uri = tcpUri(target.address, target.port);
    const timeoutMs = opts.timeoutMs ?? 120_000;
    ctx.log.info({ instance: name, uri, target: target.host }, 'migrating guest');
    try {
      await qmp(guest.files.qmp, [
        { execute: 'migrate-set-capabilities', arguments: { capabilities: [{ capability: 'events', state: true }] } },
        { execute: 'migrate', arguments: { uri } },
      ]);
      await transferred(guest, timeoutMs, ctx.progress);
    } catch (e) {
      await keepRunning(ctx, guest);
      throw new Error(`Cannot migrate ${name} to host ${target.host} (${uri}): ${(e as Error).message}; the guest keeps running here`);
    }
    ctx.log.info({ instance: name, target: target.host }, 'guest migrated; ending its qemu here');
    await kill(guest);
    await cleanUpGuest(ctx, name);
  });
}

interface MigrationInfo {
  status?: string;
  'error-desc'?: string;
  ram?: { transferred?: number; total?: number; remaining?: number };
}

/**
 * Resolves once qemu reports the migration completed; throws with qemu's reason on failure or after `timeoutMs`.
 * Progress is the share of the guest's RAM sent, never going back although the guest dirties pages sent already.
 */
async function transferred(guest: Guest, timeoutMs: number, progress?: (percent: number) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reported = 0;
  for (;;) {
    const info = await queryMigrate(guest);
    const { total, remaining } = info.ram ?? {};
    const percent = total && remaining !== undefined ? Math.floor((100 * (total - remaining)) / total) : 0;
    if (info.status === 'completed' || percent > reported) {
      reported = info.status === 'completed' ? 100 : percent;
      progress?.(reported);
    }
    if (info.status === 'completed') return;
    if (info.status === 'failed') throw new Error(info['error-desc'] ?? 'qemu reports the migration failed');
    if (info.status === 'cancelled') throw new Error('the migration was cancelled');
    if (Date.now() >= deadline) {
      await qmp(guest.files.qmp, [{ execute: 'migrate_cancel' }]);
      // A migration in its last step may still complete: then the guest already runs on the target.
      if ((await settled(guest)).status === 'completed') {
        progress?.(100);
        return;
      }
      const sent = info.ram ? ` (${mib(info.ram.transferred)} MiB sent, ${mib(remaining)} MiB of ${mib(total)} MiB left)` : '';
      throw new Error(`it did not complete within ${timeoutMs / 1000} s${sent}; cancelled`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * A failed or cancelled migration leaves the source's guest running in qemu, unless it had already been stopped for
 * the last copy: then it is resumed. A migration still under way (an error here cut the polling short) is cancelled.
 */
async function keepRunning(ctx: AgentContext, guest: Guest): Promise<void> {
  try {
    const info = await queryMigrate(guest);
    if (info.status && !finished.has(info.status)) {
      await qmp(guest.files.qmp, [{ execute: 'migrate_cancel' }]);
      await settled(guest);
    }
    const [status] = (await qmp(guest.files.qmp, [{ execute: 'query-status' }])) as [{ status: string }];
    if (status.status === 'paused' || status.status === 'postmigrate') {
      ctx.log.warn({ instance: guest.name, status: status.status }, 'guest left paused by the failed migration; resuming it');
      await qmp(guest.files.qmp, [{ execute: 'cont' }]);
    }
  } catch (e) {
    ctx.log.error({ instance: guest.name, err: (e as Error).message }, 'could not make sure the guest runs on after a failed migration');
  }
}

/** Waits (up to 10 s) for a cancelled migration to reach a final state, and answers it. */
async function settled(guest: Guest): Promise<MigrationInfo> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const info = await queryMigrate(guest);
    if (!info.status || finished.has(info.status)) return info;
    if (Date.now() >= deadline) return info;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function queryMigrate(guest: Guest): Promise<MigrationInfo> {
  const [info] = (await qmp(guest.files.qmp, [{ execute: 'query-migrate' }])) as [MigrationInfo];
  return info;
}

/** A port of `address` that nothing listens on right now. */
function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e) => reject(new Error(`Cannot find a free port on ${address} for the incoming migration: ${e.message}`)));
    server.listen(0, address, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** qemu's migration URI; an IPv6 address goes in brackets. */
function tcpUri(address: string, port: number): string {
  return `tcp:${address.includes(':') ? `[${address}]` : address}:${port}`;
}

function mib(bytes: number | undefined): number {
  return Math.round((bytes ?? 0) / 1024 / 1024);
}

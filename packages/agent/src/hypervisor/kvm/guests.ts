import { readFile, writeFile } from 'node:fs/promises';
import { VmSpec, type PowerState } from '@nimbus/protocol';
import type { AgentContext } from '../../handlers/handler.ts';
import { unplugNic } from '../../network/nics.ts';
import { isGuestProcess } from './proc.ts';
import { qmp } from './qmp.ts';
import { listInstances, removeRunFiles, runFiles, type RunFiles } from './run-files.ts';
import { isBusy, serialised } from './serialised.ts';

/** What `<instance>.json` holds: the spec the guest was started with and the taps plugged for it (to unplug them). */
export interface GuestRecord {
  vm: VmSpec;
  taps: string[];
  /** Started by PrepareMigration and not yet seen running: the guest may still be waiting for its state. */
  incoming?: boolean;
}

/** A guest whose qemu runs. */
export interface Guest {
  name: string;
  pid: number;
  files: RunFiles;
  record: GuestRecord | null;
}

export async function writeRecord(files: RunFiles, record: GuestRecord): Promise<void> {
  await writeFile(files.json, JSON.stringify(record), { mode: 0o600 });
}

export async function readRecord(files: RunFiles): Promise<GuestRecord | null> {
  let text: string;
  try {
    text = await readFile(files.json, 'utf8');
  } catch {
    return null;
  }
  try {
    const raw = JSON.parse(text) as { vm: unknown; taps: unknown; incoming?: unknown };
    const taps = Array.isArray(raw.taps) ? raw.taps.filter((t): t is string => typeof t === 'string') : [];
    return { vm: VmSpec.parse(raw.vm), taps, ...(raw.incoming === true && { incoming: true }) };
  } catch {
    return null;
  }
}

/** The guest's qemu, if its pid file names a live process that really is that guest. */
export async function findGuest(ctx: AgentContext, name: string): Promise<Guest | null> {
  const files = runFiles(ctx.config, name);
  const pid = await readPid(files.pid);
  if (pid === null || !(await isGuestProcess(pid, name))) return null;
  return { name, pid, files, record: await readRecord(files) };
}

export async function runningGuests(ctx: AgentContext): Promise<Guest[]> {
  const guests = await Promise.all((await listInstances(ctx.config)).map((name) => findGuest(ctx, name)));
  return guests.filter((g): g is Guest => g !== null);
}

/**
 * Whether a guest started by PrepareMigration still waits for (or is receiving) its state. Once it runs, its record
 * forgets the migration, so that later calls cost no QMP round trip. A qemu that does not answer counts as waiting:
 * loading the state can keep it busy.
 */
export async function migratingIn(guest: Guest): Promise<boolean> {
  if (!guest.record?.incoming) return false;
  const status = await qmp(guest.files.qmp, [{ execute: 'query-status' }]).then(([s]) => (s as { status: string }).status, () => 'inmigrate');
  if (status === 'inmigrate') return true;
  await writeRecord(guest.files, { vm: guest.record.vm, taps: guest.record.taps });
  return false;
}

/**
 * The power state of every guest the run dir knows. A guest whose process is gone (it powered itself off, crashed, or
 * the host rebooted) is reported PowerOff once, and its leftovers (run files, taps) are removed. A guest that a command
 * is starting or stopping right now is left out: its files say nothing certain yet; so is one still migrating in,
 * which runs on its source host until the migration completes.
 */
export async function guestStates(ctx: AgentContext): Promise<Record<string, PowerState>> {
  const states: Record<string, PowerState> = {};
  for (const name of await listInstances(ctx.config)) {
    if (isBusy(name)) continue;
    const state = await serialised(name, async (): Promise<PowerState | null> => {
      const guest = await findGuest(ctx, name);
      if (guest) return (await migratingIn(guest)) ? null : 'PowerOn';
      await cleanUpGuest(ctx, name);
      return 'PowerOff';
    });
    if (state) states[name] = state;
  }
  return states;
}

/** Removes a stopped guest's run files and unplugs its taps; call only once its process is gone. */
export async function cleanUpGuest(ctx: AgentContext, name: string): Promise<void> {
  const files = runFiles(ctx.config, name);
  const record = await readRecord(files);
  for (const tap of record?.taps ?? []) {
    try {
      await unplugNic(ctx, tap);
    } catch (e) {
      ctx.log.warn({ instance: name, tap, err: (e as Error).message }, 'could not unplug the tap of a stopped guest');
    }
  }
  await removeRunFiles(files);
}

/** Whether any running guest has this disk image open. */
export async function guestUsingDisk(ctx: AgentContext, path: string): Promise<string | null> {
  for (const guest of await runningGuests(ctx)) {
    if (guest.record?.vm.disks.some((d) => d.path === path)) return guest.name;
  }
  return null;
}

async function readPid(file: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

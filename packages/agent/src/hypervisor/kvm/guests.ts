import { readFile, writeFile } from 'node:fs/promises';
import { VmSpec, type PowerState } from '@nimbus/protocol';
import type { AgentContext } from '../../handlers/handler.ts';
import { unplugNic } from '../../network/nics.ts';
import { isGuestProcess } from './proc.ts';
import { listInstances, removeRunFiles, runFiles, type RunFiles } from './run-files.ts';
import { isBusy, serialised } from './serialised.ts';

/** What `<instance>.json` holds: the spec the guest was started with and the taps plugged for it (to unplug them). */
export interface GuestRecord {
  vm: VmSpec;
  taps: string[];
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
    const raw = JSON.parse(text) as { vm: unknown; taps: unknown };
    return { vm: VmSpec.parse(raw.vm), taps: Array.isArray(raw.taps) ? raw.taps.filter((t): t is string => typeof t === 'string') : [] };
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
 * The power state of every guest the run dir knows. A guest whose process is gone (it powered itself off, crashed, or
 * the host rebooted) is reported PowerOff once, and its leftovers (run files, taps) are removed. A guest that a command
 * is starting or stopping right now is left out: its files say nothing certain yet.
 */
export async function guestStates(ctx: AgentContext): Promise<Record<string, PowerState>> {
  const states: Record<string, PowerState> = {};
  for (const name of await listInstances(ctx.config)) {
    if (isBusy(name)) continue;
    const state = await serialised(name, async (): Promise<PowerState> => {
      if (await findGuest(ctx, name)) return 'PowerOn';
      await cleanUpGuest(ctx, name);
      return 'PowerOff';
    });
    states[name] = state;
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

import { mkdir } from 'node:fs/promises';
import type { VmSpec } from '@nimbus/protocol';
import { runDir } from '../../config.ts';
import { run } from '../../exec.ts';
import type { AgentContext } from '../../handlers/handler.ts';
import { plugNic } from '../../network/nics.ts';
import { accelArgs } from './accel.ts';
import { cleanUpGuest, findGuest, migratingIn, writeRecord, type Guest, type GuestRecord } from './guests.ts';
import { isGuestProcess } from './proc.ts';
import { qmp } from './qmp.ts';
import { qemuArgs } from './qemu-args.ts';
import { runFiles } from './run-files.ts';
import { serialised } from './serialised.ts';

/** Starts a guest; one that already runs (its qemu lives and answers QMP) is left as it is. */
export function startGuest(ctx: AgentContext, vm: VmSpec): Promise<void> {
  return serialised(vm.instanceName, async () => {
    const files = runFiles(ctx.config, vm.instanceName);
    const running = await findGuest(ctx, vm.instanceName);
    if (running) {
      const answers = await qmp(files.qmp, [{ execute: 'query-status' }]).then(() => true, () => false);
      if (answers) return;
      ctx.log.warn({ instance: vm.instanceName, pid: running.pid }, 'guest process does not answer QMP; killing it before starting afresh');
      await kill(running);
    }
    await launchGuest(ctx, vm, {}, (args) =>
      // With -daemonize, qemu returns once the guest is set up, so configuration errors come back on stderr here.
      run('qemu-system-x86_64', args, { timeoutMs: 60_000 }).catch((e: Error) => {
        throw new Error(`Cannot start ${vm.instanceName}: ${e.message}`);
      }),
    );
  });
}

/**
 * Plugs a guest's NICs, writes its record and hands its qemu command line to `launch`, which runs qemu (daemonised);
 * if anything fails, nothing of the guest is left. The caller holds the guest's lock.
 */
export async function launchGuest<T>(ctx: AgentContext, vm: VmSpec, flags: Pick<GuestRecord, 'incoming'>, launch: (args: string[]) => Promise<T>): Promise<T> {
  const files = runFiles(ctx.config, vm.instanceName);
  await cleanUpGuest(ctx, vm.instanceName);
  await mkdir(runDir(ctx.config), { recursive: true, mode: 0o700 });
  const taps = new Map<number, string>();
  try {
    for (const nic of vm.nics) taps.set(nic.deviceId, await plugNic(ctx, vm.instanceName, nic));
    await writeRecord(files, { vm, taps: [...taps.values()], ...flags });
    const args = qemuArgs(vm, files, accelArgs(ctx.config.accel), taps);
    ctx.log.info({ instance: vm.instanceName, args, ...flags }, 'starting guest');
    return await launch(args);
  } catch (e) {
    // The record must name every tap plugged before the failure (even when plugging failed first) to unplug them.
    await writeRecord(files, { vm, taps: [...taps.values()] }).catch(() => undefined);
    await cleanUpGuest(ctx, vm.instanceName);
    throw e;
  }
}

export interface StopOptions {
  /** How long a guest may take to power itself off after the ACPI button before it is pulled (30 s). */
  graceMs?: number;
}

/** Stops a guest (ACPI power button, or at once with `force`) and removes its run files and taps; not running is fine. */
export function stopGuest(ctx: AgentContext, name: string, force: boolean, opts: StopOptions = {}): Promise<void> {
  return serialised(name, async () => {
    const guest = await findGuest(ctx, name);
    if (guest) {
      // A guest still waiting for its migration has no OS yet to answer the power button.
      if (!force && !(await migratingIn(guest))) {
        const asked = await qmp(guest.files.qmp, [{ execute: 'system_powerdown' }]).then(() => true, (e: Error) => {
          ctx.log.warn({ instance: name, err: e.message }, 'ACPI powerdown failed; stopping the guest by force');
          return false;
        });
        if (asked && !(await exited(guest, opts.graceMs ?? 30_000))) {
          ctx.log.warn({ instance: name }, 'guest did not power off in time; stopping it by force');
        }
      }
      await kill(guest);
    }
    await cleanUpGuest(ctx, name);
  });
}

/** Presses the guest's reset button. */
export function rebootGuest(ctx: AgentContext, name: string): Promise<void> {
  return serialised(name, async () => {
    const guest = await findGuest(ctx, name);
    if (!guest) throw new Error(`Cannot reboot ${name}: it is not running on this host`);
    await qmp(guest.files.qmp, [{ execute: 'system_reset' }]);
  });
}

/** Ends qemu: QMP `quit`, then SIGKILL if it is still there; resolves once the process is gone. */
export async function kill(guest: Guest): Promise<void> {
  if (await isGuestProcess(guest.pid, guest.name)) {
    await qmp(guest.files.qmp, [{ execute: 'quit' }], 3_000).catch(() => undefined);
  }
  if (await exited(guest, 5_000)) return;
  try {
    process.kill(guest.pid, 'SIGKILL');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw new Error(`Cannot kill ${guest.name} (pid ${guest.pid}): ${(e as Error).message}`);
  }
  if (!(await exited(guest, 10_000))) throw new Error(`${guest.name} (pid ${guest.pid}) is still running after SIGKILL`);
}

async function exited(guest: Guest, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await isGuestProcess(guest.pid, guest.name))) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Fault injection for resilience tests and operators' drills, off unless `NIMBUS_FAULTS` names some:
 * `delay:<command>=<ms>` makes each progress step of that command's async jobs wait, so that a job can be caught
 * half-way (by a kill, a restart or a second request). Real code paths run; only time is added.
 */
export interface Faults {
  jobStepDelayMs(command: string): number;
}

export function parseFaults(spec: string | undefined): Faults {
  const delays = new Map<string, number>();
  for (const part of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^delay:([A-Za-z0-9]+)=(\d+)$/.exec(part);
    if (!m) throw new Error(`NIMBUS_FAULTS: cannot read '${part}' (expected delay:<command>=<ms>)`);
    delays.set(m[1].toLowerCase(), Number(m[2]));
  }
  return { jobStepDelayMs: (command) => delays.get(command.toLowerCase()) ?? 0 };
}

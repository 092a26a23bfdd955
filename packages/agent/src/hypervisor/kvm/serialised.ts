// Commands for one guest run one at a time (a retried StartVm racing the first must not launch a second qemu, a
// hot-plug must not race a stop). Only ordering lives here: nothing a restarted agent would need to know.
const busy = new Map<string, Promise<unknown>>();

export function serialised<T>(name: string, work: () => Promise<T>): Promise<T> {
  const result = (busy.get(name) ?? Promise.resolve()).catch(() => undefined).then(work);
  const tail = result.catch(() => undefined);
  busy.set(name, tail);
  void tail.then(() => {
    if (busy.get(name) === tail) busy.delete(name);
  });
  return result;
}

/** Whether a command for this guest is under way (its run files may be half made or half removed). */
export function isBusy(name: string): boolean {
  return busy.has(name);
}

import { spawn } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../packages/agent/src/exec.ts';

// The baseline of part 1: the same router built by hand, the commands issued directly (no checks of what is there,
// no agent, no server), in a host namespace of its own so that it never meets the agent's devices.

/** What the agent's router holds once built, read from the live router: the raw router is built to match it. */
export interface RouterConfig {
  /** `a.b.c.d/len` on eth0 (the gateway). */
  guestAddress: string;
  /** `a.b.c.d/len` each, on eth1. */
  publicAddresses: string[];
  publicGateway: string;
  /** The router's nftables table as `nft list` prints it. */
  table: string;
  /** dnsmasq's arguments, and the directory its files are in (replaced by the raw router's). */
  dnsmasqArgs: string[];
  /** The agent's directory of the network (hosts files, metadata guest files). */
  networkDir: string;
}

/** A replacing load of `table`, as the agent makes it (creating the table first makes the delete valid). */
export const replacing = (table: string) => `table ip nimbus\ndelete table ip nimbus\n${table}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`).length > 0;
  } catch {
    return false;
  }
};
/** Readiness is polled every 5 ms: the baseline should not add waiting of its own. */
async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`raw router: ${what} within 20 s`);
    await sleep(5);
  }
}
const listening = (pid: number) => {
  try {
    const table = readFileSync(`/proc/${pid}/net/tcp`, 'utf8');
    return table.includes(':0050 00000000:0000 0A') && table.includes(':1F90 00000000:0000 0A');
  } catch {
    return false;
  }
};

export interface RawPhases {
  teardown: number;
  links: number;
  dnsmasq: number;
  metadata: number;
  rules: number;
}

export interface RawRouter {
  /**
   * Tears the previous raw router down (when there is one) and builds it again: the `restartNetwork cleanup=true` of
   * the baseline. Returns the seconds of each phase.
   */
  rebuild(): Promise<RawPhases>;
  /** `nft -f` of a ruleset in the raw router. */
  load(ruleset: string): Promise<void>;
  /** The addresses on the raw router's eth0 and eth1, to check it matches the agent's. */
  addresses(): Promise<string>;
}

export async function rawRouter(o: { prefix: string; dir: string; config: RouterConfig }): Promise<RawRouter> {
  const host = `${o.prefix}q`;
  const ns = `${o.prefix}qr`;
  const [bridge, pub, veth, uplink] = ['qb0', 'qpub', 'qv0', 'qp0'];
  const c = o.config;
  const ip = (args: string[]) => run('ip', ['-n', host, ...args]);
  const inNs = (args: string[], input?: string) => run('ip', ['netns', 'exec', ns, ...args], { input });
  await run('ip', ['netns', 'add', host]);
  await ip(['link', 'set', 'lo', 'up']);
  // What outlives a router rebuild in the agent too: the guest bridge (a guest hangs on it) and the public bridge.
  await ip(['link', 'add', bridge, 'type', 'bridge']);
  await ip(['link', 'set', bridge, 'up']);
  await ip(['link', 'add', pub, 'type', 'bridge']);
  await ip(['addr', 'add', `${c.publicGateway}/${c.publicAddresses[0]?.split('/')[1] ?? '32'}`, 'dev', pub]);
  await ip(['link', 'set', pub, 'up']);
  const files = join(o.dir, 'raw-router');
  mkdirSync(files, { recursive: true });
  for (const f of ['hosts', 'dns-hosts']) cpSync(join(c.networkDir, f), join(files, f));
  const dnsmasqArgs = c.dnsmasqArgs.map((a) => a.replaceAll(c.networkDir, files));
  const gateway = c.guestAddress.split('/')[0] as string;
  let pids: number[] = [];

  const start = (file: string, args: string[], log: string) => {
    const fd = openSync(join(files, log), 'a');
    const child = spawn(file, args, { detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.unref();
    return child.pid as number;
  };

  const teardown = async () => {
    for (const pid of pids) process.kill(pid, 'SIGTERM');
    for (const pid of pids) await until(`process ${pid} to exit`, () => !alive(pid));
    pids = [];
    await ip(['link', 'del', uplink]).catch(() => undefined);
    await ip(['link', 'del', veth]).catch(() => undefined);
    await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  };

  return {
    async rebuild() {
      let t = performance.now();
      const lap = () => {
        const now = performance.now();
        const seconds = (now - t) / 1000;
        t = now;
        return seconds;
      };
      await teardown();
      const phases = { teardown: lap() } as RawPhases;
      await run('ip', ['netns', 'add', ns]);
      await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      await ip(['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      await run('ip', ['-n', ns, 'addr', 'add', c.guestAddress, 'dev', 'eth0']);
      await run('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
      await ip(['link', 'set', veth, 'master', bridge, 'up']);
      phases.links = lap();
      rmSync(join(files, 'dnsmasq.pid'), { force: true });
      const dnsmasq = start('ip', ['netns', 'exec', ns, 'dnsmasq', ...dnsmasqArgs], 'dnsmasq.log');
      pids.push(dnsmasq);
      await until('dnsmasq did not write its pid file', () => {
        try {
          return readFileSync(join(files, 'dnsmasq.pid'), 'utf8').trim() !== '';
        } catch {
          return false;
        }
      });
      phases.dnsmasq = lap();
      // The agent's metadata service is one daemon per host that binds the router's ports through a short-lived binder
      // process; the raw stand-in is the cheapest thing that answers HTTP there, busybox httpd on both ports.
      const httpd = [80, 8080].map((port) => start('ip', ['netns', 'exec', ns, 'busybox', 'httpd', '-f', '-p', `${gateway}:${port}`, '-h', files], 'httpd.log'));
      pids.push(...httpd);
      await until('the metadata stand-in did not listen', () => listening(httpd[0] as number));
      phases.metadata = lap();
      await inNs(['nft', '-f', '-'], replacing(c.table));
      await ip(['link', 'add', uplink, 'type', 'veth', 'peer', 'name', 'eth1', 'netns', ns]);
      await ip(['link', 'set', uplink, 'master', pub, 'up']);
      await run('ip', ['-n', ns, 'link', 'set', 'eth1', 'up']);
      for (const address of c.publicAddresses) {
        await run('ip', ['-n', ns, 'addr', 'add', address, 'dev', 'eth1']);
        const a = address.split('/')[0] as string;
        await inNs(['busybox', 'arping', '-U', '-c', '1', '-w', '1', '-I', 'eth1', '-s', a, a]);
      }
      await run('ip', ['-n', ns, 'route', 'replace', 'default', 'via', c.publicGateway, 'dev', 'eth1', 'onlink']);
      await inNs(['sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv4.conf.all.send_redirects=0', 'net.ipv4.conf.eth0.send_redirects=0']);
      phases.rules = lap();
      return phases;
    },
    load: async (ruleset) => {
      await inNs(['nft', '-f', '-'], ruleset);
    },
    addresses: async () => (await run('ip', ['-n', ns, '-4', '-o', 'addr', 'show'])).stdout,
  };
}

import { spawn, execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ip = (args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/**
 * The baseline: the same template booted by a bare `qemu-system-x86_64` (linked clone, TCG, a tap on a bridge where
 * dnsmasq holds a fixed lease), timed from `qemu-img create` to the guest's first HTTP answer: the same point the
 * API deploy is timed to, without the cloud around it.
 */
export async function rawBoot(o: { ns: string; dir: string; template: string; answers: (ns: string, ip: string) => boolean }): Promise<number> {
  const guestIp = '10.99.0.10';
  const mac = '02:00:0a:63:00:0a';
  ip(['netns', 'add', o.ns]);
  const children: number[] = [];
  try {
    ip(['-n', o.ns, 'link', 'set', 'lo', 'up']);
    ip(['-n', o.ns, 'link', 'add', 'br0', 'type', 'bridge']);
    ip(['-n', o.ns, 'addr', 'add', '10.99.0.1/24', 'dev', 'br0']);
    ip(['-n', o.ns, 'link', 'set', 'br0', 'up']);
    ip(['-n', o.ns, 'tuntap', 'add', 'dev', 'tap0', 'mode', 'tap']);
    ip(['-n', o.ns, 'link', 'set', 'tap0', 'master', 'br0', 'up']);
    const dnsmasq = spawn('ip', ['netns', 'exec', o.ns, 'dnsmasq', '--keep-in-foreground', '--conf-file=/dev/null', '--bind-interfaces', '--interface=br0', '--port=0', '--no-ping',
      '--dhcp-authoritative', '--dhcp-range=10.99.0.0,static,255.255.255.0,1h', `--dhcp-host=${mac},${guestIp},raw1`, `--dhcp-leasefile=${join(o.dir, 'leases')}`], { stdio: 'ignore' });
    children.push(dnsmasq.pid as number);
    const started = performance.now();
    const disk = join(o.dir, 'raw.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', o.template, disk]);
    const qemu = spawn('ip', ['netns', 'exec', o.ns, 'qemu-system-x86_64', '-name', 'raw1', '-accel', 'tcg,thread=single,tb-size=32', '-cpu', 'max', '-m', '128', '-smp', '1',
      '-nodefaults', '-no-user-config', '-display', 'none', '-serial', `file:${join(o.dir, 'raw.log')}`, '-drive', `file=${disk},if=virtio,format=qcow2`,
      '-netdev', 'tap,id=n0,ifname=tap0,script=no,downscript=no', '-device', `virtio-net-pci,netdev=n0,mac=${mac}`], { stdio: 'ignore' });
    children.push(qemu.pid as number);
    const deadline = Date.now() + 180_000;
    while (!o.answers(o.ns, guestIp)) {
      if (Date.now() > deadline) throw new Error('the raw guest did not answer within 180 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    return (performance.now() - started) / 1000;
  } finally {
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    // `ip netns exec` execs its command, so these pids are qemu's and dnsmasq's own.
    await new Promise((r) => setTimeout(r, 200));
    ip(['netns', 'del', o.ns]);
  }
}

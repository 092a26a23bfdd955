import { run } from '../exec.ts';

// Links the agent makes in its own network namespace (bridges, taps, veths), through `ip`. Every step tolerates the
// state it wants already being there, so that a repeated command, or two commands racing on one bridge, succeed.

const isMissing = (err: unknown) => err instanceof Error && /does not exist|Cannot find device/.test(err.message);
const isDuplicate = (err: unknown) => err instanceof Error && /File exists/.test(err.message);

/** Whether a link exists in the agent's namespace, or in `netns` when given. */
export async function linkExists(name: string, netns?: string): Promise<boolean> {
  const where = netns ? ['-n', netns] : [];
  try {
    await run('ip', [...where, 'link', 'show', 'dev', name]);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

/** Runs an `ip ... add` (link or netns) that may race with another creator of the same name. */
export async function ipAdd(args: string[]): Promise<void> {
  try {
    await run('ip', args);
  } catch (err) {
    if (!isDuplicate(err)) throw err;
  }
}

/** Runs `ip` commands in a namespace as one process (`ip -n <ns> -batch -`): a process start costs more than a command. */
export async function ipBatch(netns: string, commands: string[][]): Promise<void> {
  await run('ip', ['-n', netns, '-batch', '-'], { input: `${commands.map((c) => c.join(' ')).join('\n')}\n` });
}

/** Whether a link of the agent's namespace is administratively up; undefined when it does not exist. */
async function linkUp(name: string): Promise<boolean | undefined> {
  try {
    const [link] = JSON.parse((await run('ip', ['-j', 'link', 'show', 'dev', name])).stdout) as { flags?: string[] }[];
    return link?.flags?.includes('UP') ?? false;
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/** A bridge that exists and is up. */
export async function ensureBridge(name: string): Promise<void> {
  const up = await linkUp(name);
  if (up === undefined) await ipAdd(['link', 'add', name, 'type', 'bridge']);
  if (up !== true) await run('ip', ['link', 'set', 'dev', name, 'up']);
}

/** A tap on `bridge`, up; an existing tap of that name is reused (and moved to the bridge). */
export async function ensureTap(tap: string, bridge: string): Promise<void> {
  if (!(await linkExists(tap))) await ipAdd(['tuntap', 'add', 'dev', tap, 'mode', 'tap']);
  await run('ip', ['link', 'set', 'dev', tap, 'master', bridge, 'up']);
}

/** Deletes a link (a veth's peer goes with it); one that does not exist is fine. */
export async function deleteLink(name: string): Promise<void> {
  try {
    await run('ip', ['link', 'del', 'dev', name]);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
}

/** The ports of a bridge with their link kind (`vlan`, `vxlan`, `veth`, `tun`...); none when the bridge is missing. */
export async function bridgePorts(bridge: string): Promise<{ name: string; kind?: string }[]> {
  try {
    const { stdout } = await run('ip', ['-d', '-j', 'link', 'show', 'master', bridge]);
    const links = JSON.parse(stdout || '[]') as { ifname: string; linkinfo?: { info_kind?: string } }[];
    return links.map((l) => ({ name: l.ifname, kind: l.linkinfo?.info_kind }));
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

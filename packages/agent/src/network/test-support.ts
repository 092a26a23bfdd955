import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import pino from 'pino';
import { uniquePrefix, type TestNetns } from '../../../../test/support/netns.ts';
import type { AgentConfig } from '../config.ts';
import { run } from '../exec.ts';
import { destroyNetwork } from '../handlers/network.ts';
import type { AgentContext } from '../handlers/handler.ts';
import { killDaemons } from './metadata/test-support.ts';

/**
 * A router test's own world: a unique prefix and state directory, a network id, and the name of the veth that joins
 * a client namespace (set `client` once made) to the network's bridge. Everything is removed after the file's tests.
 */
export function routerFixture(vethTag: string) {
  const prefix = uniquePrefix();
  const stateDir = mkdtempSync(join(tmpdir(), `${prefix}-agent-`));
  const fx = {
    prefix,
    stateDir,
    ctx: { config: { prefix, stateDir } as AgentConfig, log: pino({ level: 'silent' }) } as AgentContext,
    networkId: randomUUID(),
    clientVeth: `${prefix}${vethTag}`,
    client: undefined as TestNetns | undefined,
  };
  after(async () => {
    await destroyNetwork(fx.ctx, { kind: 'DestroyNetwork', networkId: fx.networkId }).catch(() => undefined);
    await run('ip', ['link', 'del', 'dev', fx.clientVeth]).catch(() => undefined);
    await fx.client?.delete();
    killDaemons(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });
  return fx;
}

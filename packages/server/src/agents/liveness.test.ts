import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentGateway, type HostState } from './gateway.ts';
import { startLiveness } from './liveness.ts';
import { Simulator } from './simulator/simulator.ts';

async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(cond(), what);
}

describe('host liveness', () => {
  it('pings in the background: a host taken down is reported Down, then Up once it answers again', async () => {
    const sim = new Simulator();
    const gw = new AgentGateway();
    const reported: Array<[string, HostState]> = [];
    gw.onHostState = async (id, state) => void reported.push([id, state]);
    sim.addHost({ id: 'h1', name: 'host-1' });
    sim.addHost({ id: 'h2', name: 'host-2' });
    gw.attach('h1', 'host-1', sim);
    gw.attach('h2', 'host-2', sim);
    const errors: unknown[] = [];
    const settings = { int: async (name: string) => (name === 'ping.interval' ? 1 : 7), number: async () => 2.5 };
    const stop = startLiveness({ settings, log: { error: (e: unknown) => void errors.push(e) } }, gw);
    try {
      sim.configure('h1', { down: true });
      await until('h1 reported Down', () => reported.length === 1);
      assert.deepEqual(reported, [['h1', 'Down']]);
      assert.equal(gw.defaultTimeoutMs, 7000);
      sim.configure('h1', { down: false });
      await until('h1 reported Up', () => reported.length === 2);
      assert.deepEqual(reported, [['h1', 'Down'], ['h1', 'Up']]);
      assert.deepEqual(errors, []);
    } finally {
      await stop();
    }
  });
});

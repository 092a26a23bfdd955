import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentError, AgentGateway, type HostState } from './gateway.ts';
import { Simulator } from './simulator/simulator.ts';
import { vmSpec } from './simulator/test-support.ts';
import type { AgentTransport } from './transport.ts';

function setup() {
  const sim = new Simulator();
  const gw = new AgentGateway();
  const reported: Array<[string, HostState]> = [];
  gw.onHostState = async (id, state) => void reported.push([id, state]);
  for (const [id, name] of [['h1', 'host-1'], ['h2', 'host-2']]) {
    sim.addHost({ id, name });
    gw.attach(id, name, sim);
  }
  return { sim, gw, reported };
}

async function rejection(p: Promise<unknown>): Promise<AgentError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AgentError, String(e));
    return e;
  }
  assert.fail('expected a rejection');
}

describe('agent gateway', () => {
  it('resolves with the answer of a successful command', async () => {
    const { gw } = setup();
    const a = await gw.send('h1', { kind: 'StartVm', vm: vmSpec('i-1') });
    assert.equal(a.ok, true);
    assert.equal(typeof a.vncPort, 'number');
  });

  it('rejects a failed answer with a 534 naming the host and the agent error', async () => {
    const { sim, gw, reported } = setup();
    sim.configure('h1', { failNextStarts: 1 });
    const e = await rejection(gw.send('h1', { kind: 'StartVm', vm: vmSpec('i-1') }));
    assert.equal(e.errorcode, 534);
    assert.equal(e.failure, 'failed');
    assert.match(e.message, /StartVm failed on host host-1: Simulated failure/);
    assert.deepEqual(e.uuidList, ['h1']);
    assert.deepEqual(reported, []);
  });

  it('rejects for a host it does not know', async () => {
    const { gw } = setup();
    const e = await rejection(gw.send('h9', { kind: 'PingHost' }));
    assert.equal(e.failure, 'unreachable');
    assert.match(e.message, /Host h9 is not connected/);
  });

  it('reports a host Down when it cannot be reached, and Up when it answers again, once per change', async () => {
    const { sim, gw, reported } = setup();
    sim.configure('h1', { down: true });
    const e = await rejection(gw.send('h1', { kind: 'PingHost' }));
    assert.equal(e.failure, 'unreachable');
    assert.match(e.message, /Host host-1 is unreachable/);
    assert.equal(await gw.ping('h1', 1000), 'Down');
    assert.deepEqual(reported, [['h1', 'Down']]);
    sim.configure('h1', { down: false });
    await gw.pingAll(1000);
    assert.deepEqual(reported, [['h1', 'Down'], ['h1', 'Up']]);
    assert.equal(gw.stateOf('h1'), 'Up');
  });

  it('times out a slow answer with a 534, and a ping that times out marks the host Down', async () => {
    const { sim, gw, reported } = setup();
    sim.configure('h2', { latencyMs: 200 });
    const e = await rejection(gw.send('h2', { kind: 'PingHost' }, { timeoutMs: 20 }));
    assert.equal(e.failure, 'timeout');
    assert.match(e.message, /PingHost got no answer from host host-2 within 20 ms/);
    assert.equal(await gw.ping('h2', 20), 'Down');
    assert.deepEqual(reported, [['h2', 'Down']]);
    assert.equal((await gw.send('h2', { kind: 'PingHost' }, { timeoutMs: 5000 })).ok, true);
    assert.deepEqual(reported, [['h2', 'Down'], ['h2', 'Up']]);
  });

  it('uses the default time-out when the caller names none', async () => {
    const { sim, gw } = setup();
    gw.defaultTimeoutMs = 10;
    sim.configure('h1', { latencyMs: 100 });
    assert.equal((await rejection(gw.send('h1', { kind: 'PingHost' }))).failure, 'timeout');
  });

  it('turns a transport that throws into a failed command', async () => {
    const gw = new AgentGateway();
    const broken: AgentTransport = {
      send: () => Promise.reject(new Error('socket closed mid-answer')),
    };
    gw.attach('h1', 'host-1', broken);
    assert.match((await rejection(gw.send('h1', { kind: 'PingHost' }))).message, /PingHost failed on host host-1: socket closed/);
  });

  it('forgets a detached host', async () => {
    const { gw } = setup();
    gw.detach('h1');
    assert.equal(gw.size, 1);
    assert.equal(gw.stateOf('h1'), undefined);
    assert.equal((await rejection(gw.send('h1', { kind: 'PingHost' }))).failure, 'unreachable');
  });

  it('tracks a real agent: Up when it connects, Disconnected when its link closes, Down when it stays away', async () => {
    const gw = new AgentGateway();
    const reported: Array<[string, HostState]> = [];
    gw.onHostState = async (id, state) => void reported.push([id, state]);
    const link: AgentTransport = { send: () => ({ ok: true, vmStates: {} }) };
    await gw.connected('k1', 'kvm-1', link);
    await gw.disconnected('k1', { send: () => ({ ok: true, vmStates: {} }) });
    assert.equal(gw.stateOf('k1'), 'Up', 'an older link closing does not matter');
    await gw.disconnected('k1', link);
    await gw.expireDisconnected(60_000);
    assert.equal(gw.stateOf('k1'), 'Disconnected');
    await new Promise((r) => setTimeout(r, 5));
    await gw.expireDisconnected(1);
    assert.deepEqual(reported, [['k1', 'Up'], ['k1', 'Disconnected'], ['k1', 'Down']]);
    await gw.connected('k1', 'kvm-1', link);
    assert.equal(gw.stateOf('k1'), 'Up');
  });
});

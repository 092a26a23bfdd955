import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanupPrefix, startTestAgent, type TestAgent } from '../support/agent.ts';
import { adminClient, type ApiClient, type Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { uniquePrefix } from '../support/netns.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// Admission of host agents: only addHost with the agent's own credentials admits it; afterwards only the secret
// issued to that host lets an agent speak for it.

const prefix = uniquePrefix();

describe('host agent admission', { timeout: 300_000 }, () => {
  let server: TestServer;
  let a: TestAgent;
  let b: TestAgent;
  let admin: ApiClient;
  let ids: { zone: string; pod: string; cluster: string };

  before(async () => {
    server = await startTestServer({ agentHost: '0.0.0.0' });
    a = await startTestAgent(server, { prefix });
    b = await startTestAgent(server, { prefix });
    admin = await adminClient(server.url, server.adminPassword);
    const zone = (await admin.ok('createZone', { name: 'adm', networktype: 'Advanced', dns1: '8.8.8.8', internaldns1: '10.0.0.1' })).zone;
    const pod = (await admin.ok('createPod', { zoneid: zone.id, name: 'adm-pod', gateway: '192.168.56.1', netmask: '255.255.255.0', startip: '192.168.56.10', endip: '192.168.56.20' })).pod;
    const cluster = (await admin.ok('addCluster', { zoneid: zone.id, podid: pod.id, clustername: 'adm-c0', clustertype: 'CloudManaged', hypervisor: 'KVM' })).cluster[0];
    ids = { zone: zone.id, pod: pod.id, cluster: cluster.id };
  });

  after(async () => {
    await a?.stop();
    await b?.stop();
    await server?.stop();
    cleanupPrefix(prefix);
  });

  const addHost = (agent: TestAgent, password: string) =>
    admin.call('addHost', { zoneid: ids.zone, podid: ids.pod, clusterid: ids.cluster, hypervisor: 'KVM', url: `http://${agent.address}`, username: agent.username, password });
  const hostState = async (id: string) => ((await admin.ok('listHosts', { id })).host as Body[])[0].state as string;

  it('refuses addHost with credentials other than the agent\'s, then admits it with the right ones', async () => {
    const wrong = await addHost(a, 'not-the-password');
    assert.equal(wrong.status, 431, wrong.raw);
    assert.match(wrong.body.errortext, /refused the credentials/);
    await waitFor('the agent to log the refusal', async () => (/refused this agent/.test(a.output()) ? true : undefined));
    assert.equal((await admin.ok('listHosts', { zoneid: ids.zone })).count, undefined, 'no host was added');
    // The agent reconnects by itself and waits again; the right credentials admit it.
    await waitFor('the agent to wait again', async () => ((a.output().match(/waiting for an operator/g) ?? []).length >= 2 ? true : undefined));
    const right = await addHost(a, a.password);
    assert.equal(right.status, 200, right.raw);
    const host = right.body.host[0] as Body;
    assert.equal(host.state, 'Up');
    assert.equal(host.hypervisor, 'KVM');
    assert.equal(host.name, `${prefix}-host0`);
  });

  it('answers addHost for an address where no agent waits with a clear 431', async () => {
    const r = await admin.call('addHost', { zoneid: ids.zone, podid: ids.pod, clusterid: ids.cluster, hypervisor: 'KVM', url: 'http://10.255.255.1', username: 'root', password: 'x' });
    assert.equal(r.status, 431, r.raw);
    assert.match(r.body.errortext, /No Nimbus agent at 10\.255\.255\.1/);
  });

  it('refuses an agent that claims another host without its secret, and leaves the real one Up', async () => {
    const [hostA] = (await admin.ok('listHosts', { zoneid: ids.zone })).host as Body[];
    await b.kill();
    writeFileSync(join(b.stateDir, 'identity.json'), JSON.stringify({ hostId: hostA.id, secret: 'f'.repeat(64) }));
    await b.restart();
    await waitFor('the impostor to be refused', async () => (/refused this agent/.test(b.output()) ? true : undefined));
    assert.equal(await hostState(hostA.id), 'Up');
  });

  it('keeps an admitted host across an agent restart (its secret), and shows it Disconnected while away', async () => {
    const [hostA] = (await admin.ok('listHosts', { zoneid: ids.zone })).host as Body[];
    await a.kill();
    await waitFor('Disconnected', async () => ((await hostState(hostA.id)) === 'Disconnected' ? true : undefined));
    await a.restart();
    await waitFor('Up again', async () => ((await hostState(hostA.id)) === 'Up' ? true : undefined));
  });

  it('sends a deleted host\'s agent back to waiting, so that addHost can admit it again', async () => {
    const [hostA] = (await admin.ok('listHosts', { zoneid: ids.zone })).host as Body[];
    await admin.ok('deleteHost', { id: hostA.id, forced: true });
    await waitFor('the agent to wait again', async () => (/deleted from the cloud[\s\S]*waiting for an operator/.test(a.output()) ? true : undefined), 60_000);
    const again = await addHost(a, a.password);
    assert.equal(again.status, 200, again.raw);
    assert.notEqual(again.body.host[0].id, hostA.id);
    assert.equal(again.body.host[0].state, 'Up');
  });

  it('trusts, once admitted, only the certificate the server had at admission', async () => {
    const [hostA] = (await admin.ok('listHosts', { zoneid: ids.zone })).host as Body[];
    assert.match(JSON.parse(readFileSync(join(a.stateDir, 'identity.json'), 'utf8')).certificate, /BEGIN CERTIFICATE/);
    await server.kill();
    rmSync(join(server.dataDir, 'agent-tls'), { recursive: true });
    await server.restart(); // a new certificate: to the agent, a server it does not know
    await waitFor('the agent to refuse the new certificate', async () => (/another certificate/.test(a.output()) ? true : undefined), 60_000);
    assert.equal(await hostState(hostA.id), 'Disconnected');
  });
});

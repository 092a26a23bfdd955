import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { ApiError } from '../kernel/errors.ts';
import { allocateNic, nicsOfVms, randomMac, releaseNicsOfVm } from './nics.ts';

describe('guest NIC allocation', () => {
  let handle: DatabaseHandle;
  let dir: string;
  const networkId = crypto.randomUUID();

  /** An isolated network row of its own: allocation needs only its range and gateway. */
  const insertNetwork = (id: string, name: string, cidr: string, gateway: string, netmask: string) =>
    handle.db
      .insertInto('network')
      .values({
        id, name, display_text: name, zone_id: 'z', network_offering_id: 'o', account_id: 'a', domain_id: 'd',
        guest_type: 'Isolated', state: 'Allocated', cidr, gateway, netmask,
        network_domain: null, dns1: null, dns2: null, display_network: 1, allocation_seq: 0, default_key: null, created: new Date().toISOString(),
      })
      .execute();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nimbus-nics-'));
    handle = openDatabase(join(dir, 'db.sqlite'));
    await migrate(handle.db);
    await insertNetwork(networkId, 'n1', '10.9.0.0/29', '10.9.0.1', '255.255.255.248');
  });
  after(async () => {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const nic = (vmId: string, ip?: string) =>
    handle.db.transaction().execute((trx) => allocateNic(trx, { vmId, networkId, ip, isDefault: true, deviceId: 0 }));

  const refused = async (p: Promise<unknown>, code: number, text: RegExp) => {
    await assert.rejects(p, (e: unknown) => e instanceof ApiError && e.errorcode === code && text.test(e.message));
  };

  it('makes locally administered MACs', () => {
    assert.match(randomMac(), /^02:00(:[0-9a-f]{2}){4}$/);
  });

  it('hands out the lowest free address, never the gateway, and honours a free fixed address', async () => {
    assert.equal((await nic('vm1')).ip_address, '10.9.0.2');
    assert.equal((await nic('vm2', '10.9.0.5')).ip_address, '10.9.0.5');
    assert.equal((await nic('vm3')).ip_address, '10.9.0.3');
    // Placing NICs does not implement the network: its first VM's start does.
    const state = await handle.db.selectFrom('network').select('state').where('id', '=', networkId).executeTakeFirstOrThrow();
    assert.equal(state.state, 'Allocated');
  });

  it('refuses a taken, outside or reserved fixed address with 431', async () => {
    await refused(nic('vm4', '10.9.0.5'), 431, /already in use/);
    await refused(nic('vm4', '10.9.1.5'), 431, /not a usable address/);
    await refused(nic('vm4', '10.9.0.1'), 431, /not a usable address/);
    await refused(nic('vm4', '10.9.0.7'), 431, /not a usable address/);
    await refused(nic('vm4', 'nonsense'), 431, /not a usable address/);
  });

  it('says 534 when the network is full, and frees addresses with the VM', async () => {
    await nic('vm4');
    await nic('vm5');
    await refused(nic('vm6'), 534, /No free IP address/);
    await handle.db.transaction().execute((trx) => releaseNicsOfVm(trx, 'vm1'));
    assert.equal((await nic('vm6')).ip_address, '10.9.0.2');
  });

  it('gives every NIC its own MAC and lists NICs per VM', async () => {
    const macs = await handle.db.selectFrom('nic').select('mac_address').execute();
    assert.equal(new Set(macs.map((m) => m.mac_address)).size, macs.length);
    const byVm = await nicsOfVms(handle.db, ['vm2', 'vm6', 'nobody']);
    assert.equal(byVm.get('vm2')?.[0].ipaddress, '10.9.0.5');
    assert.equal(byVm.get('vm2')?.[0].networkname, 'n1');
    assert.equal(byVm.get('vm6')?.[0].gateway, '10.9.0.1');
    assert.equal(byVm.has('nobody'), false);
  });

  describe('in a network of 253 addresses', () => {
    const bigId = crypto.randomUUID();
    const big = (vmId: string) => handle.db.transaction().execute((trx) => allocateNic(trx, { vmId, networkId: bigId, isDefault: true, deviceId: 0 }));
    before(async () => {
      await insertNetwork(bigId, 'n2', '10.8.0.0/24', '10.8.0.1', '255.255.255.0');
    });

    it('hands out every address in order across the search batches, then 534', async () => {
      for (let i = 2; i <= 254; i++) assert.equal((await big(`b${i}`)).ip_address, `10.8.0.${i}`);
      await refused(big('b-extra'), 534, /No free IP address/);
    });

    it('gives a released address back first', async () => {
      await handle.db.transaction().execute((trx) => releaseNicsOfVm(trx, 'b100'));
      assert.equal((await big('b100-again')).ip_address, '10.8.0.100');
    });

    it('finds an address freed behind its back (another management server) and one of a rolled-back deploy', async () => {
      await handle.db.deleteFrom('nic').where('vm_id', '=', 'b7').execute();
      assert.equal((await big('b7-again')).ip_address, '10.8.0.7');
      await handle.db.transaction().execute((trx) => releaseNicsOfVm(trx, 'b200'));
      await assert.rejects(
        handle.db.transaction().execute(async (trx) => {
          assert.equal((await allocateNic(trx, { vmId: 'doomed', networkId: bigId, isDefault: true, deviceId: 0 })).ip_address, '10.8.0.200');
          throw new Error('the deploy failed after its NIC');
        }),
        /the deploy failed/,
      );
      assert.equal((await big('b200-again')).ip_address, '10.8.0.200');
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../kernel/errors.ts';
import { parseSimulatorUrl } from './simulator-url.ts';

describe('simulator host URLs', () => {
  it('takes CloudStack\'s plain form, leaving every figure to the simulator', () => {
    assert.deepEqual(parseSimulatorUrl('addHost', 'http://sim/c0/h0').figures, {
      cpuNumber: undefined,
      cpuSpeed: undefined,
      memoryBytes: undefined,
      localStorageBytes: undefined,
    });
  });
  it('reads cores, MHz, MiB and GiB from the query', () => {
    const f = parseSimulatorUrl('addHost', 'http://sim/c1/h7?cpunumber=16&cpuspeed=2400&memory=65536&localstorage=500').figures;
    assert.deepEqual(f, { cpuNumber: 16, cpuSpeed: 2400, memoryBytes: 65536 * 1024 ** 2, localStorageBytes: 500 * 1024 ** 3 });
  });
  it('refuses other URLs and bad figures with 431', () => {
    for (const bad of ['nfs://10.0.0.1/x', 'http://kvm1/c0', 'http://sim/', 'not a url', 'http://sim/c0/h0?cpunumber=0', 'http://sim/c0/h0?memory=x']) {
      assert.throws(() => parseSimulatorUrl('addHost', bad), (e: unknown) => e instanceof ApiError && e.errorcode === 431, bad);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulatorDriver } from './download.ts';

describe('simulatorDriver', () => {
  it('reports rising progress up to 100 and the simulator template\'s size', async () => {
    const seen: number[] = [];
    const result = await simulatorDriver(4, 1).download('t', 'http://x/t.qcow2', async (p) => {
      seen.push(p);
    });
    assert.deepEqual(seen, [25, 50, 75, 100]);
    assert.equal(result.sizeBytes, 2 * 1024 ** 3);
  });

  it('stops when progress cannot be recorded', async () => {
    await assert.rejects(
      simulatorDriver(3, 1).download('t', 'http://x/t.qcow2', async () => {
        throw new Error('gone');
      }),
      /gone/,
    );
  });
});

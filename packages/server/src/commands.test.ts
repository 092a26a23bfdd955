import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allCommands } from './commands.ts';
import { hasEntity } from './kernel/entities.ts';

test('every entity a command parameter declares has a lookup registered by its domain', () => {
  const orphans = allCommands.flatMap((c) => Object.entries(c.params).filter(([, p]) => p.entity && !hasEntity(p.entity)).map(([n, p]) => `${c.name}.${n}: ${p.entity}`));
  assert.deepEqual(orphans, []);
});

test('entity params are uuids, or lists of them', () => {
  const wrong = allCommands.flatMap((c) =>
    Object.entries(c.params).filter(([, p]) => p.entity && p.type !== 'uuid' && !(p.type === 'list' && p.of === 'uuid')).map(([n]) => `${c.name}.${n}`),
  );
  assert.deepEqual(wrong, []);
});

test('every uuid param of an async command names its entity', () => {
  // Projects and security groups: Nimbus has no table of either.
  const exempt = new Set(['projectid', 'securitygroupids']);
  const bare = allCommands
    .filter((c) => c.async)
    .flatMap((c) => Object.entries(c.params).filter(([n, p]) => !p.entity && !exempt.has(n) && (p.type === 'uuid' || p.of === 'uuid')).map(([n]) => `${c.name}.${n}`));
  assert.deepEqual(bare, []);
});

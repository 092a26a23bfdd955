import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allCommands } from '../../packages/server/src/commands.ts';
import { defineCommand, list } from '../../packages/server/src/kernel/command.ts';
import { access } from '../../packages/server/src/kernel/roles.ts';
import {
  compareCommands,
  currentReport,
  documentedExtraParams,
  fidelityProblems,
  loadApiJson,
  reportPath,
} from '../../scripts/api-compat.ts';

// Declarations against CloudStack 4.22's API description; no server needed.
describe('API fidelity to CloudStack', () => {
  it('every implemented command matches CloudStack in sync/async, list key and parameter names', () => {
    assert.deepEqual(fidelityProblems(compareCommands(allCommands, loadApiJson())), []);
  });

  it('flags a declaration that differs from CloudStack', () => {
    const wrong = defineCommand({
      name: 'listAccounts',
      description: 'a deliberately wrong copy',
      access: access.all,
      async: true,
      params: { name: { type: 'string', description: 'x' }, accountname: { type: 'string', description: 'x' } },
      response: { type: 'list', listKey: 'accounts' },
      handler: async () => list(0, []),
    });
    const problems = fidelityProblems(compareCommands([wrong], loadApiJson()));
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems.join('\n'), /async here, sync in CloudStack/);
    assert.match(problems.join('\n'), /list key accounts here, account in CloudStack/);
    assert.match(problems.join('\n'), /parameter accountname is not a CloudStack parameter/);
  });

  it('compares parameter names case-insensitively (login declares domainId as api.json spells it)', () => {
    const row = compareCommands(allCommands, loadApiJson()).commands.find((c) => c.name === 'login');
    assert.ok(row?.implemented);
    assert.deepEqual(row.extraParams, []);
    assert.ok(!row.missingParams.includes('domainId'));
  });

  it('documents only extensions that are still declared', () => {
    const byName = new Map(allCommands.map((d) => [d.name, d]));
    for (const [cmd, params] of Object.entries(documentedExtraParams)) {
      for (const p of Object.keys(params)) assert.ok(byName.get(cmd)?.params[p], `documented extension ${cmd}.${p} is not declared any more`);
    }
  });

  it('docs/api-compatibility.md is up to date (regenerate: ./scripts/run-node.sh scripts/api-compat.ts)', async () => {
    const expected = await currentReport();
    const actual = readFileSync(reportPath, 'utf8');
    assert.ok(actual === expected, 'docs/api-compatibility.md is stale: run ./scripts/run-node.sh scripts/api-compat.ts and commit it');
  });
});

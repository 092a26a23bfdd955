import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allCommands } from '../../packages/server/src/commands.ts';
import { defineCommand, list } from '../../packages/server/src/kernel/command.ts';
import { access } from '../../packages/server/src/kernel/roles.ts';
import { loadApiJson } from '../../scripts/api-compat.ts';
import { compareResponse, type ObservedFile, observedPath, probeCommand, responseProblems } from '../../scripts/api-compat-responses.ts';
import { Observations } from '../../scripts/fidelity-recorder.ts';
import { renderObserved, runProbe } from '../../scripts/fidelity-probe.ts';

const observed = (commands: ObservedFile['commands']): ObservedFile => ({ note: '', commands, errors: [], problems: [] });
const byName = new Map(allCommands.map((d) => [d.name, d]));

// The probe starts a real server (throw-away SQLite, the Sandbox-simulator zone) and calls what it can as admin and user.
describe('API fidelity to CloudStack: what the commands answer', () => {
  it('every observed answer has CloudStack\'s field names, list keys, object names and error bodies; docs/api-fields.json is current', { timeout: 90_000 }, async () => {
    const file = await runProbe();
    assert.deepEqual(responseProblems(allCommands, loadApiJson(), file), []);
    assert.ok(Object.keys(file.commands).length >= 150, `the probe observed only ${Object.keys(file.commands).length} commands`);
    assert.ok(file.errors.length >= 10, 'the probe made its bad calls');
    const committed = readFileSync(observedPath, 'utf8');
    assert.ok(committed === renderObserved(file), `docs/api-fields.json is stale: run ${probeCommand}, then ./scripts/run-node.sh scripts/api-compat.ts, and commit both`);
  });

  it('flags a field name, an object name and a list key CloudStack does not use', () => {
    const api = loadApiJson();
    const vm = byName.get('deployVirtualMachine');
    assert.ok(vm);
    const wrong = observed({ deployVirtualMachine: { fields: ['id', 'name', 'vmname'], names: ['vm'] }, listZones: { fields: ['id', 'name'], names: ['zones'] } });
    const problems = responseProblems([vm, byName.get('listZones') as typeof vm], api, wrong).join('\n');
    assert.match(problems, /deployVirtualMachine: answers fields CloudStack does not have: vmname/);
    assert.match(problems, /deployVirtualMachine: answers under vm, CloudStack under virtualmachine/);
    assert.match(problems, /listZones: answers under zones, CloudStack under zone/);
    const r = compareResponse(vm, api, wrong);
    assert.ok(r.missingFields.includes('displayname') && !r.missingFields.includes('jobid'), 'CloudStack\'s fields we lack, not the generic job ones');
  });

  it('judges a command answering as another one by both descriptions (scaleVirtualMachine answers the VM)', () => {
    const decl = byName.get('scaleVirtualMachine');
    assert.ok(decl);
    const r = compareResponse(decl, loadApiJson(), observed({ scaleVirtualMachine: { fields: ['id', 'state', 'nic'], names: ['virtualmachine'] } }));
    assert.deepEqual([r.extraFields, r.csNames], [[], ['virtualmachine']]);
    assert.ok(r.missingFields.includes('serviceofferingid'));
  });

  it('records wire shapes CloudStack clients cannot parse: extra list keys, other error bodies', () => {
    const listSomething = defineCommand({ name: 'listZones', description: 'x', access: access.all, params: {}, response: { type: 'list', listKey: 'zone' }, handler: async () => list(0, []) });
    const obs = new Observations([listSomething]);
    obs.answer('listZones', { count: 1, zone: [{ id: 'z' }], page: 1 });
    obs.error('createZone', 'bad', 431, { createzoneresponse: { errorcode: 431, errortext: 'no' } });
    obs.error('listZones', 'bad', 530, { error: { uuidList: [], errorcode: 431, cserrorcode: 4350, errortext: 'no' } });
    obs.jobError('deployVirtualMachine', 'bad', { errorcode: 530, errortext: 'no' });
    const problems = [...obs.problems].join('\n');
    assert.match(problems, /listZones: list body has keys count, zone, page/);
    assert.match(problems, /createZone \(bad\): error body has errorcode, errortext, CloudStack's has cserrorcode, errorcode, errortext, uuidList/);
    assert.match(problems, /listZones \(bad\): error wrapped in error/);
    assert.match(problems, /listZones \(bad\): error code undefined under HTTP status 530/);
    assert.match(problems, /deployVirtualMachine \(bad\): failed job's result has errorcode, errortext/);
  });
});

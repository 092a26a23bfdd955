import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cachePath, describeProfiles, loadConfig, parseIni, profileNames, resolveProfile, saveConfig, setKey } from './config.ts';
import { UsageError } from './errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'nimbus-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a missing file is the default profile, and set writes a 0600 file that reads back', () => {
  const path = join(dir, 'a', 'config');
  const config = loadConfig(path);
  assert.deepEqual(profileNames(config), ['local']);
  setKey(config, 'url', 'http://h:8080/client/api');
  setKey(config, 'apikey', 'K');
  setKey(config, 'secretkey', 'S');
  saveConfig(config);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const again = loadConfig(path);
  const p = resolveProfile(again, undefined, {});
  assert.deepEqual([p.name, p.url, p.apikey, p.secretkey, p.output, p.timeout], ['local', 'http://h:8080/client/api', 'K', 'S', 'json', 1800]);
  assert.equal(cachePath(again, 'local'), join(dir, 'a', 'cache', 'local.json'));
});

test('set profile switches to a new profile; -p picks one for a call; the environment overrides', () => {
  const path = join(dir, 'b');
  const config = loadConfig(path);
  setKey(config, 'apikey', 'K1');
  setKey(config, 'profile', 'lab');
  setKey(config, 'username', 'alice');
  setKey(config, 'password', 'pw with spaces');
  setKey(config, 'output', 'table');
  saveConfig(config);
  const c = loadConfig(path);
  assert.match(readFileSync(path, 'utf8'), /\[core\]\nprofile = lab\n/);
  const lab = resolveProfile(c, undefined, {});
  assert.deepEqual([lab.name, lab.username, lab.password, lab.output], ['lab', 'alice', 'pw with spaces', 'table']);
  assert.equal(resolveProfile(c, 'local', {}).apikey, 'K1');
  const env = resolveProfile(c, 'local', { NIMBUS_URL: 'http://e/client/api', NIMBUS_API_KEY: 'EK', NIMBUS_SECRET_KEY: 'ES' });
  assert.deepEqual([env.url, env.apikey, env.secretkey], ['http://e/client/api', 'EK', 'ES']);
  assert.match(describeProfiles(c), /^ {2}local .*\(api keys\)\n\* lab .*\(user alice\)$/);
  assert.doesNotMatch(describeProfiles(c), /pw with spaces|K1/);
});

test('bad settings, formats and profiles are usage errors', () => {
  const config = loadConfig(join(dir, 'c'));
  assert.throws(() => setKey(config, 'colour', 'red'), UsageError);
  assert.throws(() => setKey(config, 'output', 'xml'), /unknown output format 'xml'/);
  assert.throws(() => setKey(config, 'timeout', 'soon'), UsageError);
  assert.throws(() => setKey(config, 'url', 'localhost:8080'), /url must be the API endpoint/);
  assert.throws(() => resolveProfile(config, 'nope', {}), /no profile 'nope'.*profiles: local/);
});

test('the INI reader takes comments, spaces and cloudmonkey-like files, and names a bad line', () => {
  const s = parseIni('# comment\n[core]\nprofile = x\n\n; other\n[x]\nurl=http://a/client/api\napikey =  k = v \n');
  assert.deepEqual(s.get('x'), { url: 'http://a/client/api', apikey: 'k = v' });
  const path = join(dir, 'bad');
  writeFileSync(path, 'stray line\n');
  assert.throws(() => loadConfig(path), /bad: line 1 is neither/);
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadBalancerSpec } from '@nimbus/protocol';
import { run } from '../../exec.ts';
import { checkLoadBalancers, haproxyConfig } from './haproxy-config.ts';

const web: LoadBalancerSpec = {
  id: 'lb-web',
  publicIp: '100.64.5.10',
  publicPort: 80,
  privatePort: 8080,
  algorithm: 'roundrobin',
  protocol: 'tcp',
  sourceCidrs: [],
  members: [
    { vmId: '6f1c2d3e-aaaa-bbbb-cccc-000000000001', ip: '10.1.1.10' },
    { vmId: '7a2b3c4d-aaaa-bbbb-cccc-000000000002', ip: '10.1.1.20' },
  ],
};
const sock = '/var/lib/nimbus/net/n1/haproxy.sock';

/** The lines of one rule's section, trimmed. */
function section(text: string, id: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`listen lb-${id}`);
  assert.ok(start >= 0, `no section for ${id}:\n${text}`);
  const end = lines.findIndex((l, i) => i > start && l === '');
  return lines.slice(start + 1, end < 0 ? undefined : end).map((l) => l.trim());
}

test('a plain rule is one tcp section bound to the public address, a server per member', () => {
  const text = haproxyConfig([web], sock);
  assert.match(text, /^global\n[\s\S]*user nobody\n\s*group nogroup\n/);
  assert.match(text, new RegExp(`stats socket ${sock} mode 600 level admin expose-fd listeners\n`));
  assert.match(text, /timeout connect 5s\n[\s\S]*timeout client 50s\n[\s\S]*timeout server 50s\n/);
  assert.deepEqual(section(text, 'lb-web'), [
    'bind 100.64.5.10:80',
    'mode tcp',
    'balance roundrobin',
    'server 6f1c2d3e 10.1.1.10:8080',
    'server 7a2b3c4d 10.1.1.20:8080',
  ]);
});

test('algorithms, source CIDRs, PROXY protocol, health checks and a VM that is a member twice', () => {
  const rule: LoadBalancerSpec = {
    ...web,
    algorithm: 'leastconn',
    protocol: 'tcp-proxy',
    sourceCidrs: ['192.0.2.7/24', '198.51.100.9'],
    members: [...web.members, { vmId: web.members[0]!.vmId, ip: '10.1.1.11' }],
    healthCheck: { pingPath: '/health?full=1', intervalSeconds: 5, responseTimeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 3 },
  };
  assert.deepEqual(section(haproxyConfig([rule], sock), 'lb-web'), [
    'bind 100.64.5.10:80',
    'mode tcp',
    'balance leastconn',
    'tcp-request connection reject unless { src 192.0.2.0/24 198.51.100.9 }',
    'option httpchk GET /health?full=1',
    'timeout check 2s',
    'server 6f1c2d3e 10.1.1.10:8080 check inter 5s fall 3 rise 2 send-proxy',
    'server 7a2b3c4d 10.1.1.20:8080 check inter 5s fall 3 rise 2 send-proxy',
    'server 6f1c2d3e-2 10.1.1.11:8080 check inter 5s fall 3 rise 2 send-proxy',
  ]);
  assert.equal(section(haproxyConfig([{ ...rule, algorithm: 'source' }], sock), 'lb-web')[2], 'balance source');
  const any = section(haproxyConfig([{ ...rule, sourceCidrs: ['10.0.0.0/8', '0.0.0.0/0'] }], sock), 'lb-web');
  assert.ok(!any.some((l) => l.startsWith('tcp-request')), 'a list that holds 0.0.0.0/0 lets anyone in');
});

test('a rule without members refuses every connection', () => {
  const lines = section(haproxyConfig([{ ...web, members: [] }], sock), 'lb-web');
  assert.ok(lines.includes('tcp-request connection reject'));
  assert.ok(!lines.some((l) => l.startsWith('server')));
});

test('stickiness: LB cookie and application cookie switch to HTTP mode, source stickiness stays tcp', () => {
  const lb = section(haproxyConfig([{ ...web, stickiness: { method: 'LbCookie', params: { 'cookie-name': 'SRV', nocache: 'true', indirect: 'true', postonly: 'false', domain: '.example.com' } } }], sock), 'lb-web');
  assert.ok(lb.includes('mode http'));
  assert.ok(lb.includes('cookie SRV insert nocache indirect domain .example.com'));
  assert.ok(lb.includes('server 6f1c2d3e 10.1.1.10:8080 cookie 6f1c2d3e'));
  assert.ok(section(haproxyConfig([{ ...web, stickiness: { method: 'LbCookie', params: { mode: 'rewrite' } } }], sock), 'lb-web').includes('cookie lb-lb-web rewrite'));

  const app = section(haproxyConfig([{ ...web, stickiness: { method: 'AppCookie', params: { 'cookie-name': 'JSESSIONID', length: '64', holdtime: '30m', 'request-learn': 'true' } } }], sock), 'lb-web');
  assert.ok(app.includes('mode http'));
  for (const line of [
    'stick-table type string len 64 size 200k expire 30m',
    'stick store-response res.cook(JSESSIONID)',
    'stick store-request req.cook(JSESSIONID)',
    'stick match req.cook(JSESSIONID)',
    'stick match urlp(JSESSIONID,;)',
  ]) {
    assert.ok(app.includes(line), `missing ${line}: ${app.join(' | ')}`);
  }
  const query = section(haproxyConfig([{ ...web, stickiness: { method: 'AppCookie', params: { 'cookie-name': 'sid', mode: 'query-string' } } }], sock), 'lb-web');
  assert.ok(query.includes('stick match urlp(sid)') && query.includes('stick-table type string len 52 size 200k expire 3h') && !query.some((l) => l.startsWith('stick store-request')));

  const src = section(haproxyConfig([{ ...web, stickiness: { method: 'SourceBased', params: { tablesize: '100k', expire: '30m' } } }], sock), 'lb-web');
  assert.ok(src.includes('mode tcp') && src.includes('stick-table type ip size 100k expire 30m') && src.includes('stick on src'));
  assert.ok(section(haproxyConfig([{ ...web, stickiness: { method: 'SourceBased', params: {} } }], sock), 'lb-web').includes('stick-table type ip size 200k expire 3h'));
});

test('every value is checked before it reaches the text; the error names the rule', () => {
  const refused: [Partial<LoadBalancerSpec>, RegExp][] = [
    [{ id: 'lb web' }, /load balancer rule lb web: id 'lb web' is not an id/],
    [{ publicIp: '100.64.5.10:80 #' }, /lb-web: public address '100\.64\.5\.10:80 #' is not an IPv4 address/],
    [{ publicPort: 0 }, /lb-web: public port 0 is not a port/],
    [{ privatePort: 70000 }, /lb-web: private port 70000 is not a port/],
    [{ members: [{ vmId: 'vm-1', ip: '10.1.1.300' }] }, /lb-web: member vm-1's address '10\.1\.1\.300' is not an IPv4 address/],
    [{ members: [{ vmId: 'vm 1\nlisten x', ip: '10.1.1.3' }] }, /lb-web: member VM id 'vm 1\nlisten x' is not an id/],
    [{ sourceCidrs: ['10.0.0.0/33'] }, /lb-web: '10\.0\.0\.0\/33' is not an IPv4 CIDR/],
    [{ sourceCidrs: ['any'] }, /lb-web: source 'any' is not an IPv4 address/],
    [{ stickiness: { method: 'LbCookie', params: { 'cookie-name': 'a b' } } }, /lb-web: stickiness cookie-name 'a b' is not a cookie name/],
    [{ stickiness: { method: 'LbCookie', params: { mode: 'append' } } }, /lb-web: stickiness mode 'append' is not insert, rewrite or prefix/],
    [{ stickiness: { method: 'LbCookie', params: { domain: 'x.com#' } } }, /lb-web: stickiness domain 'x\.com#' is not a domain name/],
    [{ stickiness: { method: 'LbCookie', params: { holdtime: '3h' } } }, /lb-web: LbCookie stickiness has no parameter 'holdtime'/],
    [{ stickiness: { method: 'AppCookie', params: { 'cookie-name': 'S', holdtime: '20h30m' } } }, /lb-web: stickiness holdtime '20h30m' is not a duration/],
    [{ stickiness: { method: 'AppCookie', params: { length: '0' } } }, /lb-web: stickiness length '0' is not a length/],
    [{ stickiness: { method: 'AppCookie', params: { mode: 'header' } } }, /lb-web: stickiness mode 'header' is not path-parameters or query-string/],
    [{ stickiness: { method: 'AppCookie', params: { prefix: 'true' } } }, /lb-web: AppCookie stickiness with 'prefix' has no haproxy 2\.6 equivalent/],
    [{ stickiness: { method: 'SourceBased', params: { tablesize: '200 k' } } }, /lb-web: stickiness tablesize '200 k' is not a size/],
    [{ stickiness: { method: 'SourceBased', params: { expire: '1w' } } }, /lb-web: stickiness expire '1w' is not a duration/],
    [{ healthCheck: { pingPath: 'health', intervalSeconds: 5, responseTimeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 3 } }, /lb-web: health check ping path 'health' is not an absolute URL path/],
    [{ healthCheck: { pingPath: '/a b', intervalSeconds: 5, responseTimeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 3 } }, /lb-web: health check ping path '\/a b'/],
    [{ healthCheck: { pingPath: '/#x', intervalSeconds: 5, responseTimeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 3 } }, /lb-web: health check ping path '\/#x'/],
    [{ healthCheck: { pingPath: '/', intervalSeconds: 0, responseTimeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 3 } }, /lb-web: health check interval 0 is not a whole number/],
    [{ healthCheck: { pingPath: '/', intervalSeconds: 5, responseTimeoutSeconds: 2, healthyThreshold: 0.5, unhealthyThreshold: 3 } }, /lb-web: healthy threshold 0\.5 is not a whole number/],
  ];
  for (const [change, error] of refused) assert.throws(() => checkLoadBalancers([{ ...web, ...change }]), error, JSON.stringify(change));
  assert.throws(() => haproxyConfig([web, { ...web, id: 'lb-2' }], sock), /load balancer rules lb-web and lb-2 both listen on 100\.64\.5\.10:80/);
  assert.throws(() => haproxyConfig([web, { ...web, publicPort: 81 }], sock), /load balancer rule lb-web is listed twice/);
  assert.throws(() => haproxyConfig([web], '/run/x y.sock'), /stats socket path '\/run\/x y\.sock' is not a plain absolute path/);
  assert.doesNotThrow(() => checkLoadBalancers([]));
});

test('haproxy itself accepts what is generated, with every option at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lbcfg-'));
  try {
    const hc = { pingPath: '/', intervalSeconds: 2, responseTimeoutSeconds: 1, healthyThreshold: 1, unhealthyThreshold: 2 };
    const rules: LoadBalancerSpec[] = [
      { ...web, protocol: 'tcp-proxy', sourceCidrs: ['192.0.2.0/24'], healthCheck: hc },
      { ...web, id: 'lb-c', publicPort: 81, stickiness: { method: 'LbCookie', params: { nocache: 'true', indirect: 'true' } }, healthCheck: hc },
      { ...web, id: 'lb-a', publicPort: 82, algorithm: 'source', stickiness: { method: 'AppCookie', params: { 'cookie-name': 'PHPSESSID', 'request-learn': 'true' } } },
      { ...web, id: 'lb-s', publicPort: 83, algorithm: 'leastconn', stickiness: { method: 'SourceBased', params: {} } },
      { ...web, id: 'lb-e', publicPort: 84, members: [] },
    ];
    const cfg = join(dir, 'haproxy.cfg');
    writeFileSync(cfg, haproxyConfig(rules, join(dir, 'haproxy.sock')));
    const { stdout } = await run('haproxy', ['-c', '-f', cfg]);
    assert.match(stdout, /Configuration file is valid/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentConfig } from '../config.ts';
import { dnsmasqArgs, leaseFiles, type DhcpService } from './dnsmasq.ts';
import { bridgeName, networkDir, nicTap, routerNetns, routerVeth, vxlanName } from './names.ts';
import { parseCidr } from './router.ts';

const net = '3f2a9c1e-77aa-4b1c-9d0e-1234567890ab';

test('every name starts with the prefix and fits in 15 characters', () => {
  assert.equal(bridgeName('nmb', net), 'nmbb3f2a9c1e');
  assert.equal(routerNetns('nmb', net), 'nmbr-3f2a9c1e');
  assert.equal(routerVeth('nmb', net), 'nmbv3f2a9c1e');
  assert.equal(vxlanName('nmb', net), 'nmbx3f2a9c1e');
  const tap = nicTap('abcd', 'i-2-17-VM', 12);
  assert.match(tap, /^abcdt[0-9a-f]{6}12$/);
  assert.equal(nicTap('abcd', 'i-2-17-VM', 12), tap, 'stable');
  assert.notEqual(nicTap('abcd', 'i-2-18-VM', 12), tap);
  for (const n of [bridgeName('abcd', net), routerNetns('abcd', net), routerVeth('abcd', net), vxlanName('abcd', net), nicTap('abcd', 'x', 999)]) {
    assert.ok(n.length <= 15, n);
  }
  assert.match(bridgeName('p', 'net-1'), /^pb[0-9a-f]{8}$/, 'ids that are not UUIDs are hashed');
  assert.throws(() => bridgeName('toolong', net), /prefix 'toolong' must be 1 to 4/);
  assert.throws(() => nicTap('abcd', 'x', 12345), /longer than 15/);
});

test('a network directory is under the state directory and refuses ids that are not ids', () => {
  const config = { stateDir: '/var/lib/nimbus' } as AgentConfig;
  assert.equal(networkDir(config, net), `/var/lib/nimbus/net/${net}`);
  assert.throws(() => networkDir(config, '../etc'), /not a valid id/);
});

const svc = (over: Partial<DhcpService> = {}): DhcpService => ({
  netns: 'nmbr-3f2a9c1e',
  dir: '/s/net/n1',
  network: '10.1.1.0',
  netmask: '255.255.255.0',
  gateway: '10.1.1.1',
  domain: 'cs.example',
  dns: ['192.0.2.53'],
  leases: [
    { mac: '02:00:00:00:00:01', ip: '10.1.1.10', hostname: 'web-1' },
    { mac: '02:00:00:00:00:02', ip: '10.1.1.11', hostname: 'db' },
  ],
  ...over,
});

test('dnsmasq serves static leases on eth0 with the gateway as router and DNS, and forwards to upstream DNS', () => {
  const args = dnsmasqArgs(svc());
  for (const a of ['--dhcp-range=10.1.1.0,static,255.255.255.0,1h', '--dhcp-hostsfile=/s/net/n1/hosts', '--addn-hosts=/s/net/n1/dns-hosts',
    '--domain=cs.example', '--dhcp-option=option:router,10.1.1.1', '--dhcp-option=option:dns-server,10.1.1.1',
    '--dhcp-leasefile=/s/net/n1/leases', '--server=192.0.2.53', '--interface=eth0', '--no-ping', '--port=53', '--domain-needed', '--local=/cs.example/']) {
    assert.ok(args.includes(a), a);
  }
  assert.ok(!dnsmasqArgs(svc({ domain: undefined })).some((a) => a.startsWith('--domain=') || a.startsWith('--local=')));
  assert.throws(() => dnsmasqArgs(svc({ gateway: '10.1.1.300' })), /gateway '10.1.1.300' is not an IPv4 address/);
  assert.throws(() => dnsmasqArgs(svc({ domain: 'a b' })), /not a valid DNS domain/);
});

test('guests on a tunnelled network are told its MTU; others keep the default', () => {
  assert.ok(dnsmasqArgs(svc({ mtu: 1450 })).includes('--dhcp-option=option:mtu,1450'));
  assert.ok(!dnsmasqArgs(svc()).some((a) => a.includes('option:mtu')));
});

test('lease files: mac,ip,hostname for DHCP and ip fqdn hostname for DNS; bad names are refused', () => {
  assert.deepEqual(leaseFiles(svc()), {
    hosts: '02:00:00:00:00:01,10.1.1.10,web-1\n02:00:00:00:00:02,10.1.1.11,db\n',
    dnsHosts: '10.1.1.10 web-1.cs.example web-1\n10.1.1.11 db.cs.example db\n10.1.1.1 data-server.cs.example data-server\n',
  });
  assert.equal(leaseFiles(svc({ domain: undefined })).dnsHosts, '10.1.1.10 web-1\n10.1.1.11 db\n10.1.1.1 data-server\n');
  assert.throws(() => leaseFiles(svc({ leases: [{ mac: '02:00:00:00:00:01', ip: '10.1.1.10', hostname: 'a,b' }] })), /not a valid host name/);
});

test('CIDRs are parsed or refused with the reason', () => {
  assert.deepEqual(parseCidr('10.1.1.0/24'), { network: '10.1.1.0', prefixLength: 24 });
  assert.throws(() => parseCidr('10.1.1.0'), /not an IPv4 CIDR/);
  assert.throws(() => parseCidr('10.1.1.0/33'), /not an IPv4 CIDR/);
  assert.throws(() => parseCidr('10.1.256.0/24'), /network address of 10.1.256.0\/24/);
});

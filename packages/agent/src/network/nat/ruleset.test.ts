import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadBalancerSpec } from '@nimbus/protocol';
import { cidrNetwork, netmaskLength, nftRuleset, type RuleSet } from './ruleset.ts';

const base: RuleSet = {
  kind: 'ApplyNetworkRules',
  networkId: 'net-1',
  publicIps: [
    { id: 'ip-s', ip: '100.64.5.10', sourceNat: true, gateway: '100.64.5.1', netmask: '255.255.255.0' },
    { id: 'ip-n', ip: '100.64.5.11', sourceNat: false, staticNatTo: '10.1.1.20', gateway: '100.64.5.1', netmask: '255.255.255.0' },
  ],
  portForwards: [
    { id: 'pf-web', publicIp: '100.64.5.10', protocol: 'tcp', publicPorts: [8080, 8080], guestIp: '10.1.1.10', privatePorts: [80, 80] },
    { id: 'pf-same', publicIp: '100.64.5.10', protocol: 'udp', publicPorts: [5000, 5002], guestIp: '10.1.1.10', privatePorts: [5000, 5002] },
    { id: 'pf-shift', publicIp: '100.64.5.10', protocol: 'tcp', publicPorts: [2222, 2223], guestIp: '10.1.1.11', privatePorts: [22, 23] },
  ],
  staticNats: [],
  firewall: [
    { id: 'fw-web', publicIp: '100.64.5.10', protocol: 'tcp', ports: [8080, 8080], sourceCidrs: ['0.0.0.0/0'] },
    { id: 'fw-ping', publicIp: '100.64.5.11', protocol: 'icmp', icmpType: 8, icmpCode: -1, sourceCidrs: ['192.0.2.7/24', '198.51.100.9'] },
  ],
  egress: [{ id: 'eg-9', protocol: 'tcp', ports: [9000, 9001], sourceCidrs: [], destCidrs: ['0.0.0.0/0'] }],
};

const lines = (text: string) => text.split('\n').map((l) => l.trim());

test('the ruleset replaces the table atomically and translates every rule', () => {
  const text = nftRuleset(base, '10.1.1.0/24');
  const l = lines(text);
  assert.deepEqual(l.slice(0, 3), ['table ip nimbus', 'delete table ip nimbus', 'table ip nimbus {']);
  for (const expected of [
    'ip daddr 100.64.5.10 tcp dport 8080 dnat to 10.1.1.10:80',
    'ip daddr 100.64.5.10 udp dport 5000-5002 dnat to 10.1.1.10',
    'ip daddr 100.64.5.10 tcp dport 2222-2223 dnat to 10.1.1.11 : tcp dport map { 2222 : 22, 2223 : 23 }',
    'ip daddr 100.64.5.11 dnat to 10.1.1.20',
    'oifname "eth1" ip saddr 10.1.1.20 snat to 100.64.5.11',
    'oifname "eth1" ip saddr 10.1.1.0/24 snat to 100.64.5.10',
    'oifname "eth0" ip saddr 10.1.1.0/24 ct status dnat masquerade',
    'iifname "eth0" oifname "eth0" ct status dnat accept',
    'type filter hook forward priority filter; policy drop;',
    'ct state established,related accept',
    'iifname "eth0" oifname "eth1" tcp dport 9000-9001 drop',
    'iifname "eth0" oifname "eth1" accept',
    'iifname "eth1" oifname "eth0" ct original ip daddr 100.64.5.10 meta l4proto tcp ct original proto-dst 8080 accept',
    'iifname "eth1" oifname "eth0" ct original ip daddr 100.64.5.11 ip saddr { 192.0.2.0/24, 198.51.100.9 } meta l4proto icmp icmp type 8 accept',
    'iifname "eth0" udp dport { 53, 67 } accept',
    'iifname "eth0" tcp dport { 53, 80, 8080 } accept',
    'iifname "eth1" drop',
  ]) {
    assert.ok(l.includes(expected), `missing line: ${expected}\n${text}`);
  }
  // Egress denials come before the default accept, or they would never match.
  assert.ok(l.indexOf('iifname "eth0" oifname "eth1" tcp dport 9000-9001 drop') < l.indexOf('iifname "eth0" oifname "eth1" accept'));
  // Port forwards come before static NAT of the same prerouting chain.
  assert.ok(l.indexOf('ip daddr 100.64.5.10 tcp dport 8080 dnat to 10.1.1.10:80') < l.indexOf('ip daddr 100.64.5.11 dnat to 10.1.1.20'));
  assert.equal(text.match(/^\s*ip daddr 100\.64\.5\.11 dnat/gm)?.length, 1, 'static NAT named twice is translated once');
});

test('with egress default deny, egress rules allow and nothing else leaves', () => {
  const l = lines(nftRuleset({ ...base, egressDefaultAllow: false, egress: [{ id: 'e', protocol: 'udp', sourceCidrs: ['10.1.1.10'], destCidrs: ['8.8.8.8/32'] }] }, '10.1.1.0/24'));
  assert.ok(l.includes('iifname "eth0" oifname "eth1" ip saddr { 10.1.1.10 } ip daddr { 8.8.8.8/32 } meta l4proto udp accept'));
  assert.ok(!l.includes('iifname "eth0" oifname "eth1" accept'));
});

test('without public addresses the table is only deleted: the network stays private', () => {
  assert.equal(nftRuleset({ ...base, publicIps: [], portForwards: [], firewall: [] }, '10.1.1.0/24'), 'table ip nimbus\ndelete table ip nimbus\n');
});

test('what nft or CloudStack would refuse is refused with a readable error', () => {
  const pf = base.portForwards[0]!;
  assert.throws(() => nftRuleset({ ...base, portForwards: [{ ...pf, publicIp: '100.64.5.99' }] }, '10.1.1.0/24'), /port forward pf-web uses 100\.64\.5\.99, which network net-1 does not hold/);
  assert.throws(
    () => nftRuleset({ ...base, portForwards: [...base.portForwards, { ...pf, id: 'pf-dup', publicPorts: [8079, 8081], privatePorts: [79, 81] }] }, '10.1.1.0/24'),
    /port forwards pf-web and pf-dup both catch tcp port 8080 of 100\.64\.5\.10/,
  );
  assert.throws(() => nftRuleset({ ...base, portForwards: [{ ...pf, privatePorts: [80, 81] }] }, '10.1.1.0/24'), /not ranges of equal length/);
  assert.throws(() => nftRuleset({ ...base, portForwards: [{ ...pf, guestIp: '10.1.1.10; flush ruleset' }] }, '10.1.1.0/24'), /is not an IPv4 address/);
  assert.throws(() => nftRuleset({ ...base, staticNats: [{ publicIp: '100.64.5.50', guestIp: '10.1.1.9' }] }, '10.1.1.0/24'), /does not hold 100\.64\.5\.50/);
  assert.throws(() => nftRuleset({ ...base, firewall: [{ id: 'fw-x', publicIp: '100.64.5.10', protocol: 'all', sourceCidrs: ['1.2.3.0/33'] }] }, '10.1.1.0/24'), /not an IPv4 CIDR/);
  assert.throws(() => nftRuleset({ ...base, firewall: [{ id: 'fw-i', publicIp: '100.64.5.10', protocol: 'icmp', icmpType: 300, sourceCidrs: [] }] }, '10.1.1.0/24'), /icmp type 300/);
  assert.throws(() => nftRuleset({ ...base, publicIps: [{ ...base.publicIps[0]!, netmask: '255.0.255.0' }] }, '10.1.1.0/24'), /not a contiguous mask/);
});

test('netmasks and CIDRs are normalised for nft', () => {
  assert.equal(netmaskLength('255.255.252.0'), 22);
  assert.equal(netmaskLength('255.255.255.255'), 32);
  assert.equal(cidrNetwork('10.1.1.1/24'), '10.1.1.0/24');
  assert.equal(cidrNetwork('192.168.77.200/20'), '192.168.64.0/20');
  assert.equal(cidrNetwork('0.0.0.0/0'), '0.0.0.0/0');
});

test('a load balancer port opens in the input chain only where an ingress firewall rule allows it', () => {
  const lb: LoadBalancerSpec = { id: 'lb-web', publicIp: '100.64.5.10', publicPort: 80, privatePort: 80, algorithm: 'roundrobin', protocol: 'tcp', sourceCidrs: [], members: [] };
  const firewall: RuleSet['firewall'] = [
    ...base.firewall,
    { id: 'fw-80', publicIp: '100.64.5.10', protocol: 'tcp', ports: [79, 81], sourceCidrs: ['192.0.2.7/24'] },
    { id: 'fw-all', publicIp: '100.64.5.10', protocol: 'all', sourceCidrs: ['0.0.0.0/0'] },
    { id: 'fw-udp', publicIp: '100.64.5.10', protocol: 'udp', ports: [80, 80], sourceCidrs: [] },
    { id: 'fw-other', publicIp: '100.64.5.11', protocol: 'tcp', ports: [80, 80], sourceCidrs: [] },
  ];
  const l = lines(nftRuleset({ ...base, firewall, loadBalancers: [lb, { ...lb, id: 'lb-tls', publicPort: 443 }] }, '10.1.1.0/24'));
  const opened = l.filter((x) => x.includes('tcp dport 80 ') || x.includes('tcp dport 443 '));
  assert.deepEqual(opened, [
    'iifname "eth1" ip daddr 100.64.5.10 tcp dport 80 ip saddr { 192.0.2.0/24 } accept',
    'iifname "eth1" ip daddr 100.64.5.10 tcp dport 80 accept',
    'iifname "eth1" ip daddr 100.64.5.10 tcp dport 443 accept',
  ]);
  assert.ok(l.indexOf(opened[0]!) < l.indexOf('iifname "eth1" drop'), 'before the drop of everything else from eth1');
  const closed = lines(nftRuleset({ ...base, loadBalancers: [{ ...lb, publicPort: 443 }] }, '10.1.1.0/24'));
  assert.ok(!closed.some((x) => x.includes('dport 443')), 'no firewall rule: no opening');
});

test('a load balancer on an address the network does not hold, under static NAT, or on a port forward is refused', () => {
  const lb: LoadBalancerSpec = { id: 'lb-1', publicIp: '100.64.5.10', publicPort: 9090, privatePort: 80, algorithm: 'roundrobin', protocol: 'tcp', sourceCidrs: [], members: [] };
  assert.throws(() => nftRuleset({ ...base, loadBalancers: [{ ...lb, publicIp: '100.64.5.99' }] }, '10.1.1.0/24'), /load balancer rule lb-1 uses 100\.64\.5\.99, which network net-1 does not hold/);
  assert.throws(() => nftRuleset({ ...base, loadBalancers: [{ ...lb, publicIp: '100.64.5.11' }] }, '10.1.1.0/24'), /load balancer rule lb-1 uses 100\.64\.5\.11, whose traffic static NAT sends to a guest/);
  assert.throws(() => nftRuleset({ ...base, loadBalancers: [{ ...lb, publicPort: 2223 }] }, '10.1.1.0/24'), /load balancer rule lb-1 and port forward pf-shift both catch tcp port 2223 of 100\.64\.5\.10/);
  assert.doesNotThrow(() => nftRuleset({ ...base, loadBalancers: [{ ...lb, publicPort: 5000 }] }, '10.1.1.0/24'), 'a udp port forward on the same port does not collide');
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contains, formatCidr, formatIp, hostRange, netFromGateway, netmaskOf, parseCidr, parseIp, prefixOf } from './cidr.ts';

describe('guest network IPv4 arithmetic', () => {
  it('parses and formats addresses, refusing malformed ones', () => {
    assert.equal(formatIp(parseIp('10.1.1.254') as number), '10.1.1.254');
    assert.equal(parseIp('255.255.255.255'), 0xffffffff);
    assert.equal(parseIp('10.1.1.256'), undefined);
    assert.equal(parseIp('10.1.1'), undefined);
    assert.equal(parseIp('a.b.c.d'), undefined);
  });

  it('parses CIDRs to their network address', () => {
    assert.equal(formatCidr(parseCidr('10.1.1.77/24') as never), '10.1.1.0/24');
    assert.equal(parseCidr('10.1.1.0/33'), undefined);
    assert.equal(parseCidr('10.1.1.0'), undefined);
    assert.equal(parseCidr('10.1.1.0/24/1'), undefined);
  });

  it('converts netmasks and prefixes, refusing non-contiguous masks', () => {
    assert.equal(netmaskOf(24), '255.255.255.0');
    assert.equal(netmaskOf(0), '0.0.0.0');
    assert.equal(prefixOf('255.255.240.0'), 20);
    assert.equal(prefixOf('255.0.255.0'), undefined);
  });

  it('finds the network of a gateway and whether it holds an address', () => {
    const net = netFromGateway(parseIp('192.168.5.1') as number, 24);
    assert.equal(formatCidr(net), '192.168.5.0/24');
    assert.ok(contains(net, parseIp('192.168.5.200') as number));
    assert.ok(!contains(net, parseIp('192.168.6.1') as number));
  });

  it('knows the host addresses: neither the network nor the broadcast address', () => {
    assert.deepEqual(hostRange(parseCidr('10.0.0.0/29') as never), { first: parseIp('10.0.0.1'), last: parseIp('10.0.0.6') });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrOf, ipToNumber, isCidr, isIpv4, isNetmask, numberToIp, rangesOverlap, sameSubnet } from './ip.ts';

describe('IPv4 helpers', () => {
  it('converts addresses to numbers and back, above 2^31 too', () => {
    assert.equal(ipToNumber('10.0.0.1'), 167772161);
    assert.equal(numberToIp(ipToNumber('192.168.200.254')), '192.168.200.254');
    assert.equal(numberToIp(ipToNumber('255.255.255.255')), '255.255.255.255');
  });
  it('validates addresses, netmasks and CIDRs', () => {
    assert.ok(isIpv4('10.147.28.6'));
    assert.ok(!isIpv4('10.147.28.256'));
    assert.ok(!isIpv4('10.147.28'));
    assert.ok(isNetmask('255.255.255.0'));
    assert.ok(!isNetmask('255.0.255.0'));
    assert.ok(isCidr('10.1.1.0/24'));
    assert.ok(!isCidr('10.1.1.0/33'));
  });
  it('compares subnets and ranges', () => {
    assert.ok(sameSubnet('192.168.2.1', '192.168.2.200', '255.255.255.0'));
    assert.ok(!sameSubnet('192.168.2.1', '192.168.3.1', '255.255.255.0'));
    assert.equal(cidrOf('172.16.15.1', '255.255.240.0'), '172.16.0.0/20');
    assert.ok(rangesOverlap('10.0.0.1', '10.0.0.10', '10.0.0.10', '10.0.0.20'));
    assert.ok(!rangesOverlap('10.0.0.1', '10.0.0.9', '10.0.0.10', '10.0.0.20'));
  });
});

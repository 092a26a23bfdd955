import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../kernel/errors.ts';
import { cidrList, overlaps, portRange, protocolsMeet, ruleProtocol } from './ports.ts';

const refused = (f: () => unknown, text: RegExp) => assert.throws(f, (e: unknown) => e instanceof ApiError && e.errorcode === 431 && text.test(e.message));

describe('network rule parameters', () => {
  it('takes protocols in any case and refuses others', () => {
    assert.equal(ruleProtocol('TCP'), 'tcp');
    assert.equal(ruleProtocol('all'), 'all');
    refused(() => ruleProtocol('icmp', ['tcp', 'udp']), /Invalid protocol icmp: expected one of tcp, udp/);
    refused(() => ruleProtocol('gre'), /Invalid protocol gre/);
  });
  it('reads port ranges, the end defaulting to the start', () => {
    assert.deepEqual(portRange(22, undefined, 'public'), [22, 22]);
    assert.deepEqual(portRange(8000, 8010, 'public'), [8000, 8010]);
    refused(() => portRange(0, undefined, 'private'), /Invalid private port 0/);
    refused(() => portRange(70000, undefined, 'public'), /ports are 1-65535/);
    refused(() => portRange(90, 80, 'public'), /end port is lower/);
  });
  it('finds overlapping ranges and meeting protocols', () => {
    assert.equal(overlaps([80, 90], [90, 100]), true);
    assert.equal(overlaps([80, 89], [90, 100]), false);
    assert.equal(overlaps([1, 65535], [22, 22]), true);
    assert.equal(protocolsMeet('tcp', 'udp'), false);
    assert.equal(protocolsMeet('all', 'udp'), true);
  });
  it('checks CIDR lists, open to all by default', () => {
    assert.deepEqual(cidrList(undefined), ['0.0.0.0/0']);
    assert.deepEqual(cidrList('10.0.0.0/8, 192.168.1.0/24'), ['10.0.0.0/8', '192.168.1.0/24']);
    assert.deepEqual(cidrList(['1.2.3.4/32']), ['1.2.3.4/32']);
    refused(() => cidrList('10.0.0.0/33'), /Invalid CIDR 10.0.0.0\/33 in cidrlist/);
  });
});

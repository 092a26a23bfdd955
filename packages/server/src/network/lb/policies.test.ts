import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../kernel/errors.ts';
import { healthCheck, healthCheckDefaults, stickinessMethod, stickinessParams } from './policies.ts';

const refused = (fn: () => unknown, text: RegExp) => assert.throws(fn, (e) => e instanceof ApiError && e.errorcode === 431 && text.test(e.message));

describe('load balancer policies', () => {
  it('matches stickiness methods in any case and checks their parameters by CloudStack\'s names', () => {
    assert.equal(stickinessMethod('lbcookie'), 'LbCookie');
    assert.equal(stickinessMethod('SOURCEBASED'), 'SourceBased');
    refused(() => stickinessMethod('Cookie'), /LbCookie, AppCookie, SourceBased/);
    assert.deepEqual(stickinessParams('LbCookie', [{ name: 'cookie-name', value: 'SRV' }, { name: 'nocache' }, { name: 'Mode', value: 'insert' }]), { 'cookie-name': 'SRV', nocache: 'true', mode: 'insert' });
    assert.deepEqual(stickinessParams('AppCookie', [{ name: 'holdtime', value: '3h' }, { name: 'length', value: '52' }]), { holdtime: '3h', length: '52' });
    assert.deepEqual(stickinessParams('SourceBased', [{ name: 'tablesize', value: '200k' }, { name: 'expire', value: '30m' }]), { tablesize: '200k', expire: '30m' });
    assert.deepEqual(stickinessParams('SourceBased'), {});
    refused(() => stickinessParams('SourceBased', [{ name: 'cookie-name', value: 'x' }]), /does not take the parameter cookie-name/);
    refused(() => stickinessParams('AppCookie', [{ name: 'length', value: 'long' }]), /not a number/);
    refused(() => stickinessParams('AppCookie', [{ name: 'holdtime', value: '3 hours' }]), /not a time/);
    refused(() => stickinessParams('SourceBased', [{ name: 'tablesize', value: '1t' }]), /not a size/);
    refused(() => stickinessParams('LbCookie', [{ name: 'mode', value: 'steal' }]), /insert, rewrite, prefix/);
    refused(() => stickinessParams('LbCookie', [{ name: 'nocache', value: 'maybe' }]), /true, false/);
    refused(() => stickinessParams('LbCookie', [{ name: 'domain', value: 'a' }, { name: 'domain', value: 'b' }]), /twice/);
  });

  it('gives a health check CloudStack\'s defaults and refuses an interval not above the time-out', () => {
    assert.deepEqual(healthCheck({}), healthCheckDefaults);
    assert.deepEqual(healthCheck({ pingpath: '/health', responsetimeout: 3, intervaltime: 10, healthythreshold: 1, unhealthythreshold: 3 }), {
      pingPath: '/health',
      responseTimeoutSeconds: 3,
      intervalSeconds: 10,
      healthyThreshold: 1,
      unhealthyThreshold: 3,
    });
    refused(() => healthCheck({ intervaltime: 2 }), /greater than responsetimeout/);
    refused(() => healthCheck({ responsetimeout: 1 }), /responsetimeout 1: it must be 2-60/);
    refused(() => healthCheck({ pingpath: 'health' }), /pingpath/);
    refused(() => healthCheck({ healthythreshold: 0 }), /healthythreshold/);
  });
});

import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { gateway, simulator } from '../runtime.ts';

const name = 'configureSimulatorHost';

function nonNegative(param: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if ((value as number) < 0) throw errors.invalidParam(name, param, String(value), 'must not be negative');
  return value as number;
}

/**
 * Fault injection on one simulated host, for tests (CloudStack's simulator has `configureSimulator`, which 4.22's API
 * description does not list). Taking a host down or up pings it at once, so the host's state shows the change
 * when this command returns.
 */
export const configureSimulatorHost = defineCommand({
  name,
  description: 'Injects faults into a simulated host: failing starts, answer latency, or the whole host down',
  access: access.rootAdmin,
  params: {
    hostid: { type: 'uuid', entity: 'Host', required: true, description: 'The simulated host' },
    failnextstarts: { type: 'integer', description: 'The next N StartVm commands on the host fail (0 clears)' },
    latencyms: { type: 'integer', description: 'Milliseconds every answer of the host is delayed (0 clears)' },
    down: { type: 'boolean', description: 'true: the host answers nothing; false: it answers again' },
  },
  response: { type: 'object', name: 'simulatorhost' },
  async handler(_ctx, p) {
    const hostId = p.hostid as string;
    const host = simulator.configure(hostId, {
      failNextStarts: nonNegative('failnextstarts', p.failnextstarts),
      latencyMs: nonNegative('latencyms', p.latencyms),
      down: p.down as boolean | undefined,
    });
    if (!host) throw errors.notFound('simulator host', hostId);
    if (p.down !== undefined) await gateway.ping(hostId, host.latencyMs + 10_000);
    return object({
      hostid: host.id,
      hostname: host.name,
      state: gateway.stateOf(host.id),
      down: host.down,
      failnextstarts: host.failNextStarts,
      latencyms: host.latencyMs,
      vmcount: host.vms?.size ?? 0,
    });
  },
});

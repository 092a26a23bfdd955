import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { checkNetworkDomain } from '../../identity/domains.ts';
import { findZone } from '../../infrastructure/index.ts';
import { findNetworkOffering } from '../../offerings/index.ts';
import { insertNetwork, networkResponses } from '../networks.ts';
import { resolveOwner } from '../../identity/index.ts';

export const createNetwork = defineCommand({
  name: 'createNetwork',
  description: 'Creates an isolated guest network for an account from a network offering',
  access: access.all,
  event: 'NETWORK.CREATE',
  params: {
    name: { type: 'string', required: true, description: 'The name of the network' },
    displaytext: { type: 'string', description: 'The display text of the network (the name by default)' },
    networkofferingid: { type: 'uuid', entity: 'NetworkOffering', required: true, description: 'The network offering ID' },
    zoneid: { type: 'uuid', entity: 'Zone', required: true, description: 'The zone ID for the network' },
    gateway: { type: 'string', description: 'The gateway of the network (with netmask); the zone\'s guest CIDR by default' },
    netmask: { type: 'string', description: 'The netmask of the network (with gateway)' },
    networkdomain: { type: 'string', description: 'Network domain' },
    dns1: { type: 'string', description: 'The first IPv4 DNS server of the network (the zone\'s by default)' },
    dns2: { type: 'string', description: 'The second IPv4 DNS server of the network' },
    displaynetwork: { type: 'boolean', description: 'Whether to show the network to the end user' },
    account: { type: 'string', description: 'Account that will own the network (with domainid)' },
    domainid: { type: 'uuid', entity: 'Domain', description: 'Domain of the account owning the network' },
  },
  response: { type: 'object', name: 'network' },
  async handler(ctx, p) {
    const owner = await resolveOwner(ctx, p);
    const zone = await findZone(ctx.db, p.zoneid as string);
    const offering = await findNetworkOffering(ctx.db, p.networkofferingid as string);
    if (offering.guest_ip_type !== 'Isolated') {
      throw errors.paramError(`Network offering ${offering.name} is ${offering.guest_ip_type}: only isolated networks can be created for now`);
    }
    if (offering.state !== 'Enabled') throw errors.paramError(`Network offering ${offering.name} is not enabled`);
    if (zone.network_type !== 'Advanced') throw errors.paramError(`Isolated networks need an Advanced zone; zone ${zone.name} is ${zone.network_type}`);
    checkNetworkDomain('createNetwork', p.networkdomain as string | undefined);
    const row = await ctx.db.transaction().execute((trx) =>
      insertNetwork(trx, {
        name: p.name as string,
        displayText: (p.displaytext as string | undefined) ?? (p.name as string),
        zoneId: zone.id,
        offeringId: offering.id,
        accountId: owner.accountId,
        domainId: owner.domainId,
        gateway: p.gateway as string | undefined,
        netmask: p.netmask as string | undefined,
        guestCidr: zone.guest_cidr ?? undefined,
        networkDomain: (p.networkdomain as string | undefined) ?? zone.network_domain ?? undefined,
        dns1: (p.dns1 as string | undefined) ?? zone.dns1,
        dns2: (p.dns2 as string | undefined) ?? zone.dns2 ?? undefined,
        displayNetwork: p.displaynetwork as boolean | undefined,
      }),
    );
    ctx.event = { ...ctx.event, resourceType: 'Network', resourceId: row.id, description: `created network ${row.name}` };
    const [response] = await networkResponses(ctx.db, [row]);
    return object(response);
  },
});

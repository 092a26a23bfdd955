import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { checkNetworkDomain } from '../../identity/domains.ts';
import { assertAccess } from '../../identity/scope.ts';
import { parseIp } from '../cidr.ts';
import { findNetwork, networkResponses } from '../networks.ts';

export const updateNetwork = defineCommand({
  name: 'updateNetwork',
  description: 'Updates a guest network\'s name, display text, network domain, DNS servers or visibility',
  access: access.all,
  async: true,
  event: 'NETWORK.UPDATE',
  jobInstance: { type: 'Network', idParam: 'id' },
  params: {
    id: { type: 'uuid', entity: 'Network', required: true, description: 'The ID of the network' },
    name: { type: 'string', description: 'The new name of the network' },
    displaytext: { type: 'string', description: 'The new display text of the network' },
    networkdomain: { type: 'string', description: 'The new network domain' },
    dns1: { type: 'string', description: 'The first IPv4 DNS server' },
    dns2: { type: 'string', description: 'The second IPv4 DNS server' },
    displaynetwork: { type: 'boolean', description: 'Whether to show the network to the end user' },
    networkofferingid: { type: 'uuid', entity: 'NetworkOffering', description: 'Changing the offering is not supported yet' },
  },
  response: { type: 'object', name: 'network' },
  async handler(ctx, p) {
    const { domain_path, ...network } = await findNetwork(ctx.db, p.id as string);
    assertAccess(ctx.caller, { accountId: network.account_id, domainPath: domain_path }, 'network');
    if (p.networkofferingid !== undefined && p.networkofferingid !== network.network_offering_id) {
      throw errors.paramError('Changing the network offering of a network is not supported yet');
    }
    checkNetworkDomain('updateNetwork', p.networkdomain as string | undefined);
    for (const dns of [p.dns1, p.dns2]) {
      if (dns !== undefined && parseIp(dns as string) === undefined) throw errors.paramError(`Invalid DNS server ${dns as string}: not an IPv4 address`);
    }
    if (p.name !== undefined && (p.name as string).trim() === '') throw errors.paramError('Network name cannot be empty');
    const changes = {
      ...(p.name !== undefined ? { name: p.name as string } : {}),
      ...(p.displaytext !== undefined ? { display_text: p.displaytext as string } : {}),
      ...(p.networkdomain !== undefined ? { network_domain: p.networkdomain as string } : {}),
      ...(p.dns1 !== undefined ? { dns1: p.dns1 as string } : {}),
      ...(p.dns2 !== undefined ? { dns2: p.dns2 as string } : {}),
      ...(p.displaynetwork !== undefined ? { display_network: p.displaynetwork ? 1 : 0 } : {}),
    };
    if (Object.keys(changes).length > 0) await ctx.db.updateTable('network').set(changes).where('id', '=', network.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'Network', resourceId: network.id, description: `updated network ${changes.name ?? network.name}` };
    const [response] = await networkResponses(ctx.db, [{ ...network, ...changes }]);
    return object(response);
  },
});

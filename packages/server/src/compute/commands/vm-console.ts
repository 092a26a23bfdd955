import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { grantConsole } from '../console.ts';
import { findVmForAction } from '../vms.ts';

export const createConsoleEndpoint = defineCommand({
  name: 'createConsoleEndpoint',
  description: 'A short-lived, single-use URL for the console of a running VM: a WebSocket speaking VNC (RFB), for noVNC',
  access: access.all,
  params: {
    virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', required: true, description: 'The VM whose console to open' },
    token: { type: 'string', description: 'Extra text passed back in websocket.extra (CloudStack\'s extra security token)' },
  },
  response: { type: 'object', name: 'consoleendpoint' },
  async handler(ctx, p) {
    const vm = await findVmForAction(ctx, p.virtualmachineid as string);
    if (vm.state !== 'Running' || !vm.host_id) throw errors.paramError(`VM ${vm.name} is in state ${vm.state}: only a running VM has a console`, [vm.id]);
    const ttl = await ctx.settings.int('console.endpoint.token.ttl');
    const token = grantConsole({ vmId: vm.id, hostId: vm.host_id, instanceName: vm.instance_name }, ttl);
    const origin = ctx.http.origin ?? '';
    return object({
      success: true,
      details: `valid for ${ttl} s, for one session`,
      url: `${origin}/client/console?token=${token}`,
      websocket: { token, path: '/client/console', extra: p.token as string | undefined },
    });
  },
});

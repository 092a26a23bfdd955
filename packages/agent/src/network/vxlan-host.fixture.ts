import pino from 'pino';
import type { NicSpec } from '@nimbus/protocol';
import type { AgentConfig } from '../config.ts';
import type { AgentContext } from '../handlers/handler.ts';
import { destroyNetwork, setupNetwork } from '../handlers/network.ts';
import { plugNic } from './nics.ts';

// vxlan.test.ts plays two hosts on one machine: it runs this script inside each host's network namespace (nsenter
// --net only, so that the router namespaces it makes stay visible), where the agent's code runs `ip` as it would on
// a host of its own. Argument: one JSON request; output: the handler's answer as JSON.

type Request =
  | { config: AgentConfig; op: 'setup'; cmd: Parameters<typeof setupNetwork>[1] }
  | { config: AgentConfig; op: 'plug'; instanceName: string; nic: NicSpec }
  | { config: AgentConfig; op: 'destroy'; networkId: string };

const request = JSON.parse(process.argv[2] ?? '') as Request;
const ctx: AgentContext = { config: request.config, log: pino({ level: 'silent' }) };
let answer: unknown;
if (request.op === 'setup') answer = await setupNetwork(ctx, request.cmd);
else if (request.op === 'plug') answer = await plugNic(ctx, request.instanceName, request.nic);
else answer = await destroyNetwork(ctx, { kind: 'DestroyNetwork', networkId: request.networkId });
process.stdout.write(`${JSON.stringify(answer)}\n`);

import pino from 'pino';
import type { CommandOfKind } from '@nimbus/protocol';
import type { AgentConfig } from '../../config.ts';
import type { AgentContext } from '../../handlers/handler.ts';
import { destroyNetwork, setupNetwork } from '../../handlers/network.ts';
import { applyNetworkRules } from '../../handlers/network-rules.ts';

// nat.test.ts runs this inside a namespace that plays the host (nsenter --net only, so that the router namespaces it
// makes stay visible), where the public bridge and the guest bridge are made. Argument: one JSON request; output:
// the handler's answer as JSON; a handler's error goes to stderr with a non-zero exit.

type Request =
  | { config: AgentConfig; op: 'setup'; cmd: CommandOfKind<'SetupNetwork'> }
  | { config: AgentConfig; op: 'rules'; cmd: CommandOfKind<'ApplyNetworkRules'> }
  | { config: AgentConfig; op: 'destroy'; networkId: string };

const request = JSON.parse(process.argv[2] ?? '') as Request;
const ctx: AgentContext = { config: request.config, log: pino({ level: 'silent' }) };
let answer: unknown;
if (request.op === 'setup') answer = await setupNetwork(ctx, request.cmd);
else if (request.op === 'rules') answer = await applyNetworkRules(ctx, request.cmd);
else answer = await destroyNetwork(ctx, { kind: 'DestroyNetwork', networkId: request.networkId });
process.stdout.write(`${JSON.stringify(answer)}\n`);

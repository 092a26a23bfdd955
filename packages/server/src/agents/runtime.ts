import { AgentGateway } from './gateway.ts';
import { Simulator } from './simulator/simulator.ts';

/** This process's gateway to every host agent, and its simulated hosts: one of each per management server. */
export const gateway = new AgentGateway();
export const simulator = new Simulator();

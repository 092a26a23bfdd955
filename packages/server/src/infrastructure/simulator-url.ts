import { errors } from '../kernel/errors.ts';

/** Hardware figures a simulator host URL may carry; absent ones take the simulator's defaults. */
export interface SimulatorFigures {
  cpuNumber?: number;
  /** MHz per core. */
  cpuSpeed?: number;
  memoryBytes?: number;
  localStorageBytes?: number;
}

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/**
 * Reads a simulator host URL, CloudStack's `http://sim/c0/h0` form, with optional figures in its query:
 * `cpunumber` (cores), `cpuspeed` (MHz per core), `memory` (MiB) and `localstorage` (GiB), e.g.
 * `http://sim/c0/h0?cpunumber=16&cpuspeed=2400&memory=65536&localstorage=500`.
 */
export function parseSimulatorUrl(command: string, text: string): { url: string; figures: SimulatorFigures } {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw errors.invalidParam(command, 'url', text, 'expected a simulator host URL such as http://sim/c0/h0');
  }
  if (u.protocol !== 'http:' || u.hostname !== 'sim' || u.pathname.length < 2) {
    throw errors.invalidParam(command, 'url', text, 'expected a simulator host URL such as http://sim/c0/h0');
  }
  const figure = (name: string, scale: number, min: number) => {
    const v = u.searchParams.get(name);
    if (v === null) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min) throw errors.invalidParam(command, 'url', text, `${name} must be a whole number of at least ${min}`);
    return Number(v) * scale;
  };
  return {
    url: text,
    figures: {
      cpuNumber: figure('cpunumber', 1, 1),
      cpuSpeed: figure('cpuspeed', 1, 1),
      memoryBytes: figure('memory', MiB, 1),
      localStorageBytes: figure('localstorage', GiB, 0),
    },
  };
}

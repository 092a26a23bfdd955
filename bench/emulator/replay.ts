import { signParams } from '@nimbus/server/signature';
import type { Recorded } from './proxy.ts';

type Body = Record<string, unknown>;

/** A recorded call, or a recorded run of `queryAsyncJobResult` polls of one job, replayed as "poll until done". */
type Step = { kind: 'call'; record: Recorded } | { kind: 'wait'; jobid: string; last: Recorded };

/** What the client signed with: the replay signs again with the same keys. */
const signingParams = new Set(['signature', 'apikey', 'signatureversion', 'expires']);

const param = (r: Recorded, name: string) => r.params.find(([k]) => k === name)?.[1];
const inner = (text: string): Body => Object.values(JSON.parse(text) as Body)[0] as Body;
const isPoll = (r: Recorded) => param(r, 'command') === 'queryAsyncJobResult';
const jobstatus = (r: Recorded) => inner(r.body).jobstatus;

export function replaySteps(records: Recorded[]): Step[] {
  const steps: Step[] = [];
  for (const record of records) {
    const prev = steps.at(-1);
    const jobid = param(record, 'jobid') ?? '';
    if (!isPoll(record)) steps.push({ kind: 'call', record });
    else if (prev?.kind === 'wait' && prev.jobid === jobid) prev.last = record;
    else steps.push({ kind: 'wait', jobid, last: record });
  }
  return steps;
}

/** What libcloud's recording shows: its calls, its job polls, and the polls that found the job still running. */
export function recordingStats(records: Recorded[]) {
  const polls = records.filter(isPoll);
  const spanMs = records.length ? records.at(-1)!.end - records[0].start : 0;
  const atProxyMs = records.reduce((s, r) => s + (r.end - r.start), 0);
  const upstreamMs = records.reduce((s, r) => s + r.upstreamMs, 0);
  return {
    calls: records.length,
    polls: polls.length,
    /** Libcloud sleeps its poll interval (1 s) after each of these. */
    pendingPolls: polls.filter((r) => jobstatus(r) === 0).length,
    /** First request in to last answer out, at the proxy. */
    spanMs,
    /** The emulator's share of the span (forwarded request to the end of its answer). */
    upstreamMs,
    /** The proxy's own share: reading the request, writing the answer. */
    proxyMs: atProxyMs - upstreamMs,
    /** Libcloud's share: its work between an answer and its next request, and its sleeps. */
    clientMs: spanMs - atProxyMs,
    /** The calls the emulator took longest on. */
    slowest: [...records].sort((a, b) => b.upstreamMs - a.upstreamMs).slice(0, 4).map((r) => `${param(r, 'command')} ${r.upstreamMs.toFixed(0)} ms`),
  };
}

/**
 * Ids differ between two emulators: every id-like field (`id`, `jobid`, `*id`) of a recorded answer is paired with
 * the field at the same place in the replay's answer, so later requests can carry the replay's ids.
 */
class IdMap {
  readonly ids = new Map<string, string>();
  /**
   * Where a pairing is in doubt: a recorded id met a second replay value (the first pairing is kept; a host chosen
   * at random, say), or paired items differ in `name`.
   */
  readonly conflicts: string[] = [];

  learn(recorded: unknown, replayed: unknown, path = ''): void {
    if (Array.isArray(recorded) && Array.isArray(replayed)) {
      // Lists sorted by id come in another order: items already paired (by their id) are found wherever they are,
      // the others pair by position among the replay's items left.
      const known = recorded.map((r) => this.counterpart(r, replayed));
      const left = replayed.filter((p) => !known.includes(p));
      recorded.forEach((r, i) => this.learn(r, known[i] ?? left.shift(), `${path}[${i}]`));
    } else if (recorded && replayed && typeof recorded === 'object' && typeof replayed === 'object') {
      const names = [(recorded as Body).name, (replayed as Body).name];
      if (typeof names[0] === 'string' && names[0] !== names[1]) this.doubt(`${path}.name`);
      for (const [key, r] of Object.entries(recorded)) {
        const p = (replayed as Body)[key];
        if (/id$/i.test(key) && typeof r === 'string' && typeof p === 'string') this.pair(r, p, `${path}.${key}`);
        else this.learn(r, p, `${path}.${key}`);
      }
    }
  }

  private counterpart(recorded: unknown, replayed: unknown[]): unknown {
    const id = (recorded as Body | null)?.id;
    if (typeof id !== 'string') return undefined;
    const known = this.ids.get(id) ?? id;
    return replayed.find((p) => (p as Body | null)?.id === known);
  }

  private pair(recorded: string, replayed: string, path: string): void {
    const known = this.ids.get(recorded);
    if (known === undefined && recorded !== replayed) this.ids.set(recorded, replayed);
    else if (known !== undefined && known !== replayed) this.doubt(path);
  }

  private doubt(path: string): void {
    this.conflicts.push(path.replace(/\[\d+\]/g, '[]'));
  }

  /** A request value with every known id replaced (also inside comma-separated lists, as `networkids`). */
  substitute(value: string): string {
    return value.split(',').map((v) => this.ids.get(v) ?? v).join(',');
  }
}

export interface ReplayResult {
  ms: number;
  calls: number;
  polls: number;
  idsMapped: number;
  conflicts: string[];
  /** Calls whose HTTP status or job outcome differs from the recording: the replay is then not the same journey. */
  mismatches: string[];
}

/** Replays a recording against `url` with a bare client (Node fetch, signed like the CLI), polling jobs without wait. */
export async function replay(records: Recorded[], url: string, keys: { apiKey: string; secretKey: string }): Promise<ReplayResult> {
  const ids = new IdMap();
  const mismatches: string[] = [];
  let calls = 0;
  let polls = 0;
  const send = async (method: string, recordedParams: [string, string][]): Promise<{ status: number; body: string }> => {
    const params: Record<string, string> = {};
    for (const [k, v] of recordedParams) if (!signingParams.has(k.toLowerCase())) params[k] = ids.substitute(v);
    params.apiKey = keys.apiKey;
    params.signature = signParams(params, keys.secretKey);
    const query = new URLSearchParams(params).toString();
    calls++;
    const res = method === 'POST'
      ? await fetch(url, { method, body: query, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      : await fetch(`${url}?${query}`);
    return { status: res.status, body: await res.text() };
  };
  const started = performance.now();
  for (const step of replaySteps(records)) {
    const recorded = step.kind === 'call' ? step.record : step.last;
    const command = param(recorded, 'command');
    let answer = await send(recorded.method, recorded.params);
    if (step.kind === 'wait') {
      polls++;
      const deadline = performance.now() + 60_000;
      while (answer.status === 200 && inner(answer.body).jobstatus === 0) {
        if (performance.now() > deadline) throw new Error(`job ${ids.substitute(step.jobid)} (recorded ${step.jobid}) still running after 60 s`);
        answer = await send(recorded.method, recorded.params);
        polls++;
      }
    }
    if (answer.status !== recorded.status) mismatches.push(`${command}: recorded HTTP ${recorded.status}, replay ${answer.status}: ${answer.body.slice(0, 300)}`);
    else if (step.kind === 'wait' && inner(answer.body).jobstatus !== jobstatus(recorded)) mismatches.push(`${command} ${step.jobid}: recorded job status ${String(jobstatus(recorded))}, replay ${answer.body.slice(0, 300)}`);
    else ids.learn(inner(recorded.body), inner(answer.body));
  }
  return { ms: performance.now() - started, calls, polls, idsMapped: ids.ids.size, conflicts: ids.conflicts, mismatches };
}

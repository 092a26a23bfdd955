import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Where a function lives, coarse enough to read: an npm package, a file of ours, or Node itself. */
function area(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/(packages\/.*|test\/.*)$/.exec(url);
  if (ours) return ours[1];
  return url.startsWith('node:') ? url : url === '' ? '(native / GC / idle)' : url;
}

/** Self time of the API server's CPU profile(s), by area and by function, as text for the benchmark's output. */
export function summarizeProfiles(dir: string): string {
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
    for (const n of profile.nodes) {
      const hits = n.hitCount ?? 0;
      if (hits === 0 || n.callFrame.functionName === '(idle)') continue;
      total += hits;
      const where = area(n.callFrame.url);
      byArea.set(where, (byArea.get(where) ?? 0) + hits);
      const fn = `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return `API server CPU profile (${dir}), self time excluding idle:\nby area:\n${top(byArea, 20)}\nby function:\n${top(byFunction, 30)}`;
}

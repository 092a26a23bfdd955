import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildSimZone, type SimZone } from '../../support/compute.ts';
import { repoRoot } from '../../support/server.ts';
import { tenantWorld, type TenantWorld } from '../../support/tenants.ts';

export interface UiCloud extends TenantWorld<SimZone> {
  /** Where the browser opens the UI: http://127.0.0.1:<port>/client/ */
  uiUrl: string;
}

/**
 * A management server serving this checkout's built UI, an enabled simulator zone with a ready template and the
 * "Small Instance" offering, and two tenants (alice and bob, each an account of its own with a password).
 */
export async function startUiCloud(): Promise<UiCloud> {
  if (!existsSync(join(repoRoot, 'packages/ui/dist/index.html'))) {
    throw new Error('the web UI is not built (packages/ui/dist/index.html is missing): run npm run build:ui (npm test and npm start do it)');
  }
  const world = await tenantWorld('sqlite', (admin) => buildSimZone(admin));
  return { ...world, uiUrl: `http://127.0.0.1:${world.server.port}/client/` };
}

import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';

/** What an image store driver reports when a download ends. */
export interface DownloadResult {
  sizeBytes: number;
  physicalSizeBytes: number;
}

/**
 * Puts a template or ISO on an image store. The simulator driver pretends; the real driver (a later storage issue)
 * fetches the URL onto the store behind the same interface. `onProgress` gets 0-100.
 */
export interface ImageStoreDriver {
  download(templateId: string, url: string, onProgress: (percent: number) => Promise<void>): Promise<DownloadResult>;
}

const GiB = 1024 ** 3;

/** Simulates a download in `steps` steps of `stepMs` each; the image's size is CloudStack's simulator template's. */
export function simulatorDriver(steps = 5, stepMs = 300): ImageStoreDriver {
  return {
    async download(_templateId, _url, onProgress) {
      for (let i = 1; i <= steps; i++) {
        await new Promise((resolve) => setTimeout(resolve, stepMs));
        await onProgress(Math.round((100 * i) / steps));
      }
      return { sizeBytes: 2 * GiB, physicalSizeBytes: 2 * GiB };
    },
  };
}

/**
 * Runs downloads in the background, one per (template, zone) row in state `Downloading`, and records their progress
 * in `template_zone`. Rows left `Downloading` by a stopped server are resumed from the start at the next start.
 */
class Downloads {
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;
  log?: Logger;
  driver: ImageStoreDriver = simulatorDriver();

  /** Starts the download of a template into a zone whose row is `Downloading`, unless one is already running. */
  start(db: Kysely<Database>, templateId: string, zoneId: string, url: string): void {
    const key = `${templateId}/${zoneId}`;
    if (this.stopped || this.running.has(key)) return;
    const record = (set: Partial<Database['template_zone']>) =>
      db.updateTable('template_zone').set(set).where('template_id', '=', templateId).where('zone_id', '=', zoneId).where('state', '=', 'Downloading').execute();
    const run = (async () => {
      try {
        const result = await this.driver.download(templateId, url, async (percent) => {
          if (this.stopped) throw new Error('server stopping');
          await record({ download_percent: percent, status: `${percent}% Downloaded` });
        });
        await record({ state: 'Ready', download_percent: 100, status: 'Download Complete', size: result.sizeBytes, physical_size: result.physicalSizeBytes });
      } catch (e) {
        if (this.stopped) return;
        this.log?.warn({ err: e, templateId, zoneId }, 'template download failed');
        await record({ state: 'Error', status: `Download failed: ${(e as Error).message}` });
      }
    })().finally(() => this.running.delete(key));
    this.running.set(key, run);
  }

  /** Resumes every download a previous run of the server left unfinished. */
  async resume(db: Kysely<Database>): Promise<void> {
    const rows = await db
      .selectFrom('template_zone')
      .innerJoin('template', 'template.id', 'template_zone.template_id')
      .select(['template_zone.template_id', 'template_zone.zone_id', 'template.url'])
      .where('template_zone.state', '=', 'Downloading')
      .execute();
    for (const r of rows) this.start(db, r.template_id, r.zone_id, r.url);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.running.values());
  }
}

/** The server's downloads (one per process). */
export const downloads = new Downloads();

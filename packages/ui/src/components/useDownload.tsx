import { App, Typography } from 'antd';
import type { ApiObject } from '../api/client.ts';
import { useJobRunner } from './useJobRunner.ts';

export type DownloadCommand = 'extractVolume' | 'extractTemplate' | 'extractIso';

// CloudStack's answer names the object after what was extracted.
const answerKey: Record<DownloadCommand, string> = { extractVolume: 'volume', extractTemplate: 'template', extractIso: 'iso' };

// Download of a volume, template or ISO: runs the extract job (CloudStack's mode HTTP_DOWNLOAD) and then offers the
// URL it answers as a link that saves the file. The URL is valid for a limited time (extract.url.expiration.interval).
export function useDownload(): (command: DownloadCommand, item: ApiObject, params?: Record<string, string>) => Promise<void> {
  const runJob = useJobRunner();
  const { modal } = App.useApp();
  return async (command, item, params = {}) => {
    const name = String(item.name);
    const result = await runJob(`Preparing the download of ${name}`, command, { id: item.id, mode: 'HTTP_DOWNLOAD', ...params }, () => `${name} is ready to download`);
    const url = (result?.[answerKey[command]] as ApiObject | undefined)?.url;
    if (typeof url !== 'string') return;
    modal.success({
      title: `Download ${name}`,
      okText: 'Close',
      width: 560,
      content: (
        <>
          <p>The link is valid for a limited time.</p>
          <Typography.Link href={url} download target="_blank" rel="noreferrer" data-testid="download-link" style={{ wordBreak: 'break-all' }}>
            {url}
          </Typography.Link>
        </>
      ),
    });
  };
}

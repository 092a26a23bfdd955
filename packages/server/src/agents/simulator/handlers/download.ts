import { fail, type Handler } from './handler.ts';

/**
 * A volume on simulated storage, or a pool's copy of a template, which exists once a ROOT disk on that pool was cloned
 * from it (as a real host fetches it on first use); it reads as an empty qcow2 of the size the server recorded.
 */
export const prepareDownload: Handler<'PrepareDownload'> = (sim, _host, { volumePath, template }) => {
  if (volumePath) {
    const v = sim.volumes.get(volumePath);
    if (!v) return fail(`Cannot download ${volumePath}: no such file on primary storage`);
    const user = sim.runningUser(volumePath);
    if (user) return fail(`Cannot download ${volumePath}: running guest ${user} uses it (stop the guest or detach the volume first)`);
    return { ok: true, path: volumePath, virtualSizeBytes: v.sizeBytes, format: 'qcow2' };
  }
  if (!template) return fail('PrepareDownload names neither a volume nor a template');
  const path = `${template.poolId}/template-${template.templatePath.split('/').pop()}`;
  const cloned = [...sim.volumes.values()].some((v) => v.templatePath === template.templatePath && v.path.startsWith(`${template.poolId}/`));
  if (!cloned) return fail(`Cannot download template ${template.templatePath}: pool ${template.poolId} holds no copy of it`);
  return { ok: true, path, virtualSizeBytes: template.sizeBytes, format: 'qcow2' };
};

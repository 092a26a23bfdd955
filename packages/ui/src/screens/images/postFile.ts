import type { ApiObject } from '../../api/client.ts';

// POSTs an image file as CloudStack's UI does: multipart/form-data to getUploadParams' postURL with its signed
// X-signature, X-metadata and X-expires headers. XMLHttpRequest rather than fetch: only it reports upload progress.
export function postFile(params: ApiObject, file: File, onProgress: (percent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', String(params.postURL));
    xhr.setRequestHeader('X-signature', String(params.signature));
    xhr.setRequestHeader('X-metadata', String(params.metadata));
    xhr.setRequestHeader('X-expires', String(params.expires));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.floor((100 * event.loaded) / event.total));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new Error(xhr.responseText.trim() || `The upload failed: HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error('The connection to the management server broke during the upload'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

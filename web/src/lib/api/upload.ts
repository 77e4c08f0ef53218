import { ApiError, errorFrom } from './client.ts';

/**
 * POSTs a form with XMLHttpRequest, the one browser API that reports upload progress (fetch
 * does not): `onprogress` gets the share of the body sent, 0–1, then the answer's JSON.
 */
export function postForm<T>(url: string, form: FormData, onprogress: (sent: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    // The dashboard says it is the one asking: a load's messages then name the page's own labels.
    xhr.setRequestHeader('x-beltscope-client', 'web');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && e.total > 0) onprogress(e.loaded / e.total); };
    xhr.upload.onload = () => onprogress(1);
    xhr.onload = () => {
      let body: unknown = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON: a gateway's page */ }
      if (xhr.status >= 200 && xhr.status < 300 && body !== null) resolve(body as T);
      else reject(body === null && xhr.status >= 200 && xhr.status < 300 ? new ApiError('bad_response', xhr.status, null) : errorFrom(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError('network', 0, null));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

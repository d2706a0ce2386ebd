// Downloads a file from the API with the session's token (a plain link cannot send the bearer
// header): fetch, then hand the bytes to the browser as a file. Errors show beside the button.
import { useState } from 'preact/hooks';
import { getSession } from '../api/session';

export interface DownloadButtonProps {
  url: string;
  filename: string;
  label: string;
}

async function errorText(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as
    { message?: string; error?: { message?: string } } | undefined;
  return body?.message ?? body?.error?.message ?? `HTTP ${response.status}`;
}

/** Hands bytes the page already holds (or fetched) to the browser as a file. */
export function saveFile(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export function DownloadButton({ url, filename, label }: DownloadButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const token = getSession()?.token;
      const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!response.ok) throw new Error(await errorText(response));
      saveFile(await response.blob(), filename);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span>
      <button type="button" onClick={download} disabled={busy}>
        {busy ? 'Preparing…' : label}
      </button>
      {error && (
        <span class="bad" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}

// Loads something from the API for a component: data, the error, and a way to load it again.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { toCallError, type CallError } from './error-message';

export interface Loaded<T> {
  data: T | undefined;
  error: CallError | undefined;
  loading: boolean;
  reload: () => void;
}

export function useApi<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<CallError>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let stale = false;
    setLoading(true);
    load().then(
      (value) => {
        if (stale) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (stale) return;
        setError(toCallError(err));
        setLoading(false);
      },
    );
    return () => {
      stale = true;
    };
    // `load` is a fresh closure each render; `deps` says when it means something new.
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}

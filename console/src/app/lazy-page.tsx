// Shows a page whose code is loaded on demand. A module is fetched once per tab; a failed fetch
// (a daemon upgraded under an open console serves other chunk names) says so and offers a reload
// instead of a blank screen.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PageDef, PageProps } from './pages';

const loaded = new Map<string, Promise<ComponentType<PageProps>>>();

/** Starts loading a page's code (on hover or focus of its link) so opening it is instant. */
export function preloadPage(page: PageDef): Promise<ComponentType<PageProps>> {
  let pending = loaded.get(page.id);
  if (!pending) {
    pending = page.load();
    // A failed load is forgotten, so the next attempt fetches again.
    pending.catch(() => loaded.delete(page.id));
    loaded.set(page.id, pending);
  }
  return pending;
}

export function LazyPage({ page, params }: { page: PageDef; params: string[] }) {
  const [component, setComponent] = useState<{ page: string; Page: ComponentType<PageProps> }>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let stale = false;
    setError(undefined);
    preloadPage(page).then(
      (Page) => !stale && setComponent({ page: page.id, Page }),
      (err: unknown) => !stale && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      stale = true;
    };
  }, [page.id]);
  if (error) {
    return (
      <div class="error-box" role="alert">
        The {page.title} page could not be loaded ({error}). The console may have been upgraded.{' '}
        <button type="button" onClick={() => location.reload()}>
          Reload the console
        </button>
      </div>
    );
  }
  if (!component || component.page !== page.id) {
    return (
      <p class="muted" aria-busy="true">
        Loading {page.title}…
      </p>
    );
  }
  const { Page } = component;
  return <Page params={params} />;
}

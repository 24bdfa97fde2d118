/**
 * Pages (and heavy panels) whose code is loaded on demand, shown without React.lazy and Suspense.
 *
 * Why not React.lazy: React throttles the reveal of content that was behind a Suspense fallback. A retry (the
 * lazy module has arrived) is committed no sooner than 300 ms after the fallback was shown (FALLBACK_THROTTLE_MS
 * in react-dom), so that fallbacks do not flash. On a page's first open the fallback ("Loading…") is shown as the
 * entry starts, and the page's chunk usually arrives well within those 300 ms: a trace of the builder's open
 * (issue 4) showed the main thread idle for about 100 ms, the builder ready but held back by that timer. Here the
 * module's arrival is an ordinary state update, rendered at once.
 *
 * A module that has arrived is kept: once `preload()` (called by main.tsx before React's first render, for the
 * page of the address) or an earlier visit has loaded it, the page renders in the same pass as its parent. A
 * failed download shows `failed` (the app's offers to reload); it is not kept, so the next mount tries again.
 */
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';

export interface LazyComponent<P> {
  (props: P & { fallback: ReactNode; failed: ReactNode }): ReactNode;
  /** Starts the download (once); resolves when the page can render synchronously. */
  preload(): Promise<unknown>;
}

export function lazyComponent<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): LazyComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const start = () =>
    (loading ??= load().then(
      (m) => (loaded = m.default),
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    ));

  function Page({ fallback, failed, ...props }: P & { fallback: ReactNode; failed: ReactNode }) {
    // The component is held in state as `{ c }`: a function given to a state setter would be called as an updater.
    const [state, setState] = useState<{ c?: ComponentType<P>; failed?: boolean }>(() => ({ c: loaded }));
    useEffect(() => {
      if (state.c || state.failed) return;
      let live = true;
      start().then(
        (c) => live && setState({ c }),
        () => live && setState({ failed: true }),
      );
      return () => {
        live = false;
      };
    }, [state]);
    if (state.c) {
      const Component = state.c;
      return <Component {...(props as P)} />;
    }
    return state.failed ? failed : fallback;
  }
  const page = Page as LazyComponent<P>;
  page.preload = () => start().catch(() => undefined);
  return page;
}

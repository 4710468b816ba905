import { useEffect, useState } from 'preact/hooks';

/** A value loaded once (a lazily imported component), undefined until it is there. */
export function useLoaded<T>(load: () => Promise<T>): T | undefined {
  const [value, setValue] = useState<{ v: T }>();
  useEffect(() => {
    let live = true;
    void load().then((v) => live && setValue({ v }));
    return () => void (live = false);
  }, []);
  return value?.v;
}

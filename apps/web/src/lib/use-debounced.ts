import { useEffect, useState } from 'react';

/** `value` once it has stopped changing for `ms`: work that follows typing runs after a pause, not on every key. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

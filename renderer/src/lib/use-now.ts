import { useEffect, useState } from 'react';

/** The current time, updated every `everyMs`: interest accrues and "5 min ago" ages while the window is open. */
export function useNow(everyMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

// How many provider calls were in flight at once, from the emulator's recorded requests (their
// arrival and answer times): what a client's concurrency limit looks like from the provider's side.
import { EMULATED_PROVIDERS, type EmulatedProvider } from './providers/registry';
import type { RecordedRequest } from './types';

/** The most requests in flight at once, per provider; a request not yet answered counts as in flight until `now`. */
export function peakInFlight(
  requests: readonly Pick<RecordedRequest, 'provider' | 'receivedAt' | 'answeredAt'>[],
): Record<EmulatedProvider, number> {
  const peaks = Object.fromEntries(EMULATED_PROVIDERS.map((p) => [p, 0])) as Record<EmulatedProvider, number>;
  for (const provider of EMULATED_PROVIDERS) {
    const events = requests
      .filter((r) => r.provider === provider)
      .flatMap((r) => [
        { at: r.receivedAt, delta: 1 },
        { at: r.answeredAt ?? Infinity, delta: -1 },
      ])
      // At the same instant an answer comes before an arrival: a slot handed over is not two in flight.
      .sort((a, b) => a.at - b.at || a.delta - b.delta);
    let inFlight = 0;
    for (const { delta } of events) {
      inFlight += delta;
      peaks[provider] = Math.max(peaks[provider], inFlight);
    }
  }
  return peaks;
}

/** The five providers, by the lower-case name used in global ids and configuration. */
export const PROVIDER_NAMES = ['blaxel', 'dreadnode', 'flashback', 'vertra', 'altostrat'] as const;

export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Human-readable names, used in messages. */
export const PROVIDER_LABELS: Record<ProviderName, string> = {
  blaxel: 'Blaxel',
  dreadnode: 'Dreadnode',
  flashback: 'Flashback',
  vertra: 'Vertra Cloud',
  altostrat: 'Altostrat',
};

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

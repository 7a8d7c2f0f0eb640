/** The sections of `pnpm bench`, in the order they run, with the titles printed for them. */
export const sectionTitles = {
  client: '1. client call overhead',
  size: '2. bundle size',
  regen: '3. regeneration loop',
  mock: '4. mock latency and throughput',
  import: '5. importing a Stripe-sized vendor document',
} as const;

export type SectionName = keyof typeof sectionTitles;

export const sectionNames = Object.keys(sectionTitles) as SectionName[];

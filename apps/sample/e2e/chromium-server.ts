import { chromiumGlobalSetup } from '@paykit/test-chromium';

/** Vitest `globalSetup` of the e2e project: the run's one Chromium, each e2e file a context of its own. */
export default chromiumGlobalSetup();

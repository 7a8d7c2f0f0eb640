// `pnpm bundle` (docs task): one offline API reference page per API of redocly.yaml, dist/docs/<api>.html.
import { readApis } from './config.js';
import { redocly } from './redocly.js';

for (const { name, key } of readApis()) {
  redocly(['build-docs', key, '-o', `dist/docs/${name}.html`, '--inlineBundle']);
}

// Open enums (x-paykit contract): code narrows on the known values and still compiles with values added later.
import { describe, expectTypeOf, test } from 'vitest';
import type { components } from './test-support/fixtures/sessions.types.js';

type Session = components['schemas']['Session'];

describe('open enums', () => {
  test('known values narrow, unknown ones are accepted', () => {
    const status = 'refunded' as Session['status'];
    // The known values stay literal members of the type (editors complete them), so a check narrows to them.
    const known = (value: Session['status']): value is 'pending' | 'completed' =>
      value === 'pending' || value === 'completed';
    if (known(status)) {
      expectTypeOf(status).toEqualTypeOf<'pending' | 'completed'>();
      if (status === 'completed') expectTypeOf(status).toEqualTypeOf<'completed'>();
    }
    const later: Session = { sessionId: 's_1', status: 'a value the vendor adds next year' };
    expectTypeOf(later.status).toExtend<string>();
    expectTypeOf<'pending'>().toExtend<Session['status']>();
    expectTypeOf<Session['channel']>().toExtend<string | undefined>();
  });

  test('a closed enum still refuses unknown values', () => {
    // @ts-expect-error SessionStatus itself is closed
    const closed: components['schemas']['SessionStatus'] = 'refunded';
    void closed;
  });
});

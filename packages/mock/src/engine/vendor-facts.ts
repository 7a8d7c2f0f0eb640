import { type VendorFacts, vendorFacts } from '@paykit/spec/vendor';

const memo = new WeakMap<object, VendorFacts>();

/**
 * What the mock needs to know about a vendor (its mock port, idempotency headers, error-code location, refusal
 * statuses), from @paykit/spec's one reader of the x-paykit marks, inferred where a document has none. Read once
 * per loaded document (a reload parses a new one; a document is never edited once loaded): the ports, the sandbox
 * and the refusals all ask.
 */
export function factsOf(document: object): VendorFacts {
  let facts = memo.get(document);
  if (!facts) memo.set(document, (facts = vendorFacts(document as Record<string, unknown>, 'this API')));
  return facts;
}

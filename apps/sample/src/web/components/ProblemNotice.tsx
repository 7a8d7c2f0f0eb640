import type { Problem } from '../../server/views.js';

/** A failure in plain words; the vendor's own code and message, when it sent one, underneath. */
export function ProblemNotice({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>{problem.message}</p>
      {(problem.code || problem.vendorMessage) && (
        <p className="notice-detail">
          {problem.vendorMessage && <>The vendor said: “{problem.vendorMessage}” </>}
          {problem.code && <code>{problem.code}</code>}
        </p>
      )}
    </div>
  );
}

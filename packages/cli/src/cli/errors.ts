/** A mistake in the command line itself (exit code 2), as opposed to a failed call (exit code 1). */
export class UsageError extends Error {}

/** Starts the line a suite run logs with its counts (JSON), which the launchers add up. */
export const RESULT_MARKER = 'POLICY_LENS_RESULT';

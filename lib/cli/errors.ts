/** Typed exit statuses of the CLI. */
export enum ExitCode {
  Ok = 0,
  /** Invalid input, failed validation, unreachable cluster, failed apply. */
  Error = 1,
  /** `plan --detailed-exitcode`: there are changes. */
  Changes = 2,
}

/** A mistake of the user (bad option, broken stack): printed as one line, without a stack trace. */
export class UserError extends Error {
  constructor(message: string, readonly details: readonly string[] = []) {
    super(message);
  }
}

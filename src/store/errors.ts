/**
 * Storage errors. They carry no AWS wording: the API layer decides what the client sees
 * (EntityAlreadyExists, DeleteConflict, …) and checks before writing; these are the safety net.
 */

/** A row with the same unique key already exists (for IAM names: compared without case). */
export class DuplicateError extends Error {
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} ${key} already exists`);
    this.name = 'DuplicateError';
  }
}

/** The entity still has dependents (attachments, members, keys, …) and cannot be deleted. */
export class DependentsError extends Error {
  constructor(
    readonly entity: string,
    readonly key: string,
    readonly dependents: Readonly<Record<string, number>>,
  ) {
    super(`${entity} ${key} still has ${JSON.stringify(dependents)}`);
    this.name = 'DependentsError';
  }
}

/** A write named an entity that does not exist. */
export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} ${key} not found`);
    this.name = 'NotFoundError';
  }
}

export function hasDependents(counts: Readonly<Record<string, number>>): boolean {
  return Object.values(counts).some((n) => n > 0);
}

/**
 * Start-up failures that are the operator's to fix, as catalogued PinpostErrors (one line, no
 * stack): the layers below report them in their own terms, the CLI words them here.
 */
import { pinpostError, PinpostError } from '../server/errors.js';
import { AccountPartitionError } from '../services/iam/store-accounts.js';
import { RootKeyTakenError } from '../services/iam/store-root-key.js';
import { DataDirectoryError } from '../store/data-directory.js';
import { DataDirectoryLockedError } from '../store/lock.js';

/** The PinpostError for `err`, or undefined when it is not an operator's error (a bug: let it throw). */
export function asStartFailure(err: unknown): PinpostError | undefined {
  if (err instanceof PinpostError) return err;
  if (err instanceof DataDirectoryLockedError) {
    return err.pid === undefined
      ? pinpostError('PINPOST_DATA_LOCK_UNREADABLE', err.file)
      : pinpostError('PINPOST_DATA_LOCKED', err.dir, String(err.pid));
  }
  if (err instanceof DataDirectoryError) {
    switch (err.problem) {
      case 'not-a-directory':
        return pinpostError('PINPOST_DATA_NOT_A_DIRECTORY', err.path);
      case 'cannot-create':
        return pinpostError('PINPOST_DATA_CANNOT_CREATE', err.path, err.reason);
      case 'not-writable':
        return pinpostError('PINPOST_DATA_NOT_WRITABLE', err.path, err.reason);
      case 'not-a-database':
        return pinpostError('PINPOST_DATA_NOT_A_DATABASE', err.path, err.reason);
      case 'unreachable':
        return pinpostError('PINPOST_DATA_UNREACHABLE', err.path, err.reason);
    }
  }
  if (err instanceof RootKeyTakenError) return pinpostError('PINPOST_ROOT_KEY_TAKEN', err.accessKeyId);
  if (err instanceof AccountPartitionError)
    return pinpostError('PINPOST_PARTITION_CHANGED', err.accountId, err.partition, err.wanted);
  return undefined;
}

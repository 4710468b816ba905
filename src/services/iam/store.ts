import type { Database } from '../../store/index.js';
import { AccessKeyRepo } from './store-access-keys.js';
import { AccountRepo } from './store-accounts.js';
import { AttachmentRepo } from './store-attachments.js';
import { DeletionTaskRepo } from './store-deletion-tasks.js';
import { GroupRepo } from './store-groups.js';
import { InlinePolicyRepo } from './store-inline.js';
import { PolicyRepo } from './store-policies.js';
import { RoleRepo } from './store-roles.js';
import { UserRepo } from './store-users.js';

/**
 * IAM's persistence: one repository per entity, all keyed by account (IAM is global, so never by
 * region). The API layer validates input and words errors; these only read and write, each
 * multi-row write in one transaction. Open the database with `iamMigrations` among its migrations.
 */
export class IamStore {
  readonly accounts: AccountRepo;
  readonly users: UserRepo;
  readonly groups: GroupRepo;
  readonly roles: RoleRepo;
  readonly inlinePolicies: InlinePolicyRepo;
  readonly policies: PolicyRepo;
  readonly attachments: AttachmentRepo;
  readonly accessKeys: AccessKeyRepo;
  readonly deletionTasks: DeletionTaskRepo;
  /** The one clock (src/clock/): entities' creation and policy versions' dates are read from it. */
  clock: () => Date = () => new Date();

  constructor(readonly db: Database) {
    this.accounts = new AccountRepo(db);
    this.users = new UserRepo(db);
    this.groups = new GroupRepo(db);
    this.roles = new RoleRepo(db);
    this.inlinePolicies = new InlinePolicyRepo(db);
    this.policies = new PolicyRepo(db);
    this.attachments = new AttachmentRepo(db);
    this.accessKeys = new AccessKeyRepo(db);
    this.deletionTasks = new DeletionTaskRepo(db);
  }

  /** Runs `fn` so that all its writes through any repository commit together or not at all. */
  transaction<T>(fn: (store: this) => Promise<T>): Promise<T> {
    return this.db.transaction(() => fn(this));
  }
}

export {
  iamMigrations,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_ROOT_ACCESS_KEY_ID,
  DEFAULT_ROOT_SECRET_ACCESS_KEY,
} from './store-migrations.js';
export type { CreateUserInput } from './store-users.js';
export type { CreateRoleInput } from './store-roles.js';
export type { CreatePolicyInput, ListPoliciesOptions } from './store-policies.js';
export { MAX_POLICY_VERSIONS } from './store-policies.js';
export type { StoredAccessKey } from './store-access-keys.js';
export type { PolicyEntities } from './store-attachments.js';
export type { ListOptions } from './store-shared.js';

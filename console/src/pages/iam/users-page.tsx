import { EntityList } from './EntityList.js';

export default function UsersPage() {
  return <EntityList kind="user" />;
}

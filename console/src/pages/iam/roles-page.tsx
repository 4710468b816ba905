import { EntityList } from './EntityList.js';

export default function RolesPage() {
  return <EntityList kind="role" />;
}

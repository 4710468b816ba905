import { EntityList } from './EntityList.js';

export default function GroupsPage() {
  return <EntityList kind="group" />;
}

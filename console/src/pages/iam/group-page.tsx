import { EntityDetail } from './EntityDetail.js';

export default function GroupPage({ name }: { name: string }) {
  return <EntityDetail kind="group" name={decodeURIComponent(name)} />;
}

import { EntityDetail } from './EntityDetail.js';

export default function UserPage({ name }: { name: string }) {
  return <EntityDetail kind="user" name={decodeURIComponent(name)} />;
}

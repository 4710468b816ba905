import { EntityDetail } from './EntityDetail.js';

export default function RolePage({ name }: { name: string }) {
  return <EntityDetail kind="role" name={decodeURIComponent(name)} />;
}

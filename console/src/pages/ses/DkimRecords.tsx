import { Table } from '../../ui/Table.js';
import { dkimRecords } from './dkim-records.js';

/** The CNAME records Easy DKIM asks for, one per token. */
export function DkimRecords({
  domain,
  tokens,
  status,
}: {
  domain: string;
  tokens: string[];
  status?: string;
}) {
  return (
    <>
      <p>
        DKIM{' '}
        {status ? (
          <>
            status: <strong>{status}</strong>
          </>
        ) : null}
        . Publish these CNAME records:
      </p>
      <Table
        caption="DKIM CNAME records"
        rows={dkimRecords(domain, tokens)}
        rowKey={(r) => r.name}
        columns={[
          { header: 'Name', cell: (r) => <code>{r.name}</code> },
          { header: 'Type', cell: () => 'CNAME' },
          { header: 'Value', cell: (r) => <code>{r.value}</code> },
        ]}
      />
    </>
  );
}

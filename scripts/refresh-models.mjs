// Refreshes the vendored AWS service models (models/<service>/<version>/service-2.json) from an
// installed botocore, byte for byte as botocore ships them (gunzipped), with botocore's licence and
// notice, and rewrites the pinned version in models/README.md.
//
//   node scripts/refresh-models.mjs [path/to/botocore]
//
// Without a path, the botocore that `python3` imports is used.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** botocore's name for each model Pinpost serves, with the API version pinned. */
export const MODELS = [
  ['iam', '2010-05-08'],
  ['sts', '2011-06-15'],
  ['ses', '2010-12-01'],
  ['sesv2', '2019-09-27'],
  ['pinpoint', '2016-12-01'],
  ['accessanalyzer', '2019-11-01'],
];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const botocore =
  process.argv[2] ??
  execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], {
    encoding: 'utf8',
  }).trim();

/** The dist-info beside the package: its version, LICENSE and NOTICE. */
function distInfo() {
  const site = dirname(botocore);
  const name = readdirSync(site).find((n) => /^botocore-.+\.dist-info$/.test(n));
  if (!name) throw new Error(`no botocore-*.dist-info beside \`${botocore}\``);
  const dir = join(site, name);
  const version = /^botocore-(.+)\.dist-info$/.exec(name)[1];
  const licence = ['LICENSE.txt', 'LICENSE', 'licenses/LICENSE.txt']
    .map((f) => join(dir, f))
    .find(existsSync);
  const notice = ['NOTICE', 'licenses/NOTICE'].map((f) => join(dir, f)).find(existsSync);
  if (!licence || !notice) throw new Error(`no LICENSE/NOTICE in \`${dir}\``);
  return { version, licence, notice };
}

const info = distInfo();
for (const [service, version] of MODELS) {
  const from = join(botocore, 'data', service, version, 'service-2.json.gz');
  if (!existsSync(from)) throw new Error(`no model at \`${from}\``);
  const text = gunzipSync(readFileSync(from));
  JSON.parse(text.toString('utf8')); // refuse a damaged file before it replaces a good one
  const to = join(root, 'models', service, version);
  mkdirSync(to, { recursive: true });
  writeFileSync(join(to, 'service-2.json'), text);
}
writeFileSync(join(root, 'models', 'LICENSE.txt'), readFileSync(info.licence));
writeFileSync(join(root, 'models', 'NOTICE'), readFileSync(info.notice));

const readme = join(root, 'models', 'README.md');
const pin = `botocore ${info.version}`;
const text = readFileSync(readme, 'utf8').replace(/botocore \d+\.\d+\.\d+/g, pin);
writeFileSync(readme, text);
console.log(`models refreshed from ${pin} (${botocore})`);

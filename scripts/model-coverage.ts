/**
 * How much of each model Pinpost answers: the operations a service registers that its model has,
 * against all the model's operations, as the README's Markdown table.
 */
import { MODEL_VERSIONS, type ModelName } from '../src/wire/model/catalog.js';
import { loadModelSync } from '../src/wire/model/load.js';
import type { ServiceDefinition } from '../src/wire/operation.js';

export interface CoverageRow {
  model: ModelName;
  title: string;
  answered: number;
  inModel: number;
}

const TITLES: Record<ModelName, string> = {
  iam: 'IAM',
  sts: 'STS',
  ses: 'SES v1',
  sesv2: 'SES v2',
  pinpoint: 'Pinpoint',
  accessanalyzer: 'IAM Access Analyzer',
};

export function coverage(services: readonly ServiceDefinition[]): CoverageRow[] {
  return (Object.keys(MODEL_VERSIONS) as ModelName[]).map((model) => {
    const names = loadModelSync(model).operationNames();
    const service = services.find((s) => (s.id ?? s.signingName) === model);
    const registered = new Set(service?.operations.map((o) => o.name) ?? []);
    return {
      model,
      title: TITLES[model],
      answered: names.filter((n) => registered.has(n)).length,
      inModel: names.length,
    };
  });
}

export function markdownTable(rows: readonly CoverageRow[]): string {
  const lines = ['| Service | Model | Answered / in model |', '| --- | --- | --- |'];
  for (const r of rows) {
    lines.push(`| ${r.title} | \`${r.model}\` ${MODEL_VERSIONS[r.model]} | ${r.answered} / ${r.inModel} |`);
  }
  const answered = rows.reduce((n, r) => n + r.answered, 0);
  const inModel = rows.reduce((n, r) => n + r.inModel, 0);
  lines.push(`| **All** | | **${answered} / ${inModel}** |`);
  return lines.join('\n');
}

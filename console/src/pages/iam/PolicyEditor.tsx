/**
 * The policy editor: the shell's CodeEditor, checked as the person types. IAM's own verdict (the
 * MalformedPolicyDocument text IAM would answer on save) comes from the policy engine the server
 * runs; Access Analyzer's findings come from ValidatePolicy over the wire, asked 400 ms after the
 * last keystroke, a late answer for an older text dropped. Each is marked at its line.
 */
import { ValidatePolicyCommand, type ValidatePolicyFinding } from '@aws-sdk/client-accessanalyzer';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { clients } from '../../aws/clients.js';
import { awsErrorText } from '../../aws/errors.js';
import { CodeEditor, type LineMarker } from '../../ui/CodeEditor.js';
import { iamVerdict, validateRequest, type EditorPolicyKind } from './policy-check.js';
import { findingMarkers, type Finding, type PolicyMarker } from './policy-locations.js';

const DEBOUNCE_MS = 400;

interface Props {
  label: string;
  kind: EditorPolicyKind;
  value: string;
  onValue?: (value: string) => void;
  rows?: number;
  readOnly?: boolean;
  highlight?: number[];
  /** Told whether IAM would accept the text, so the page can disable Save. */
  onValid?: (valid: boolean) => void;
}

const SEVERITY: Record<PolicyMarker['severity'], LineMarker['severity']> = {
  ERROR: 'error',
  SECURITY_WARNING: 'warning',
  WARNING: 'warning',
  SUGGESTION: 'info',
};

/** Access Analyzer's findings for a text, fetched after a pause in typing. */
function useFindings(kind: EditorPolicyKind, text: string, enabled: boolean) {
  const [state, setState] = useState<{ text: string; findings: Finding[]; error?: string }>({
    text: '',
    findings: [],
  });
  const seq = useRef(0);
  useEffect(() => {
    if (!enabled || text.trim() === '') {
      setState({ text, findings: [] });
      return;
    }
    const n = ++seq.current;
    const timer = setTimeout(() => {
      clients()
        .accessanalyzer.send(new ValidatePolicyCommand(validateRequest(kind, text)))
        .then(
          (r) =>
            n === seq.current &&
            setState({ text, findings: (r.findings ?? []) as ValidatePolicyFinding[] as Finding[] }),
          (e: unknown) => n === seq.current && setState({ text, findings: [], error: awsErrorText(e) }),
        );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [kind, text, enabled]);
  return state;
}

export function PolicyEditor({ label, kind, value, onValue, rows, readOnly, highlight, onValid }: Props) {
  const checked = useFindings(kind, value, !readOnly);
  // Findings are placed in the text they were computed for; while a newer text waits, none show.
  const current = checked.text === value ? checked.findings : [];
  const verdict = useMemo(
    () => (value.trim() === '' ? undefined : iamVerdict(kind, value, current)),
    [kind, value, current],
  );
  useEffect(() => onValid?.(value.trim() !== '' && verdict === undefined), [verdict, value]);
  const markers: LineMarker[] = [];
  if (!readOnly && verdict?.marker)
    markers.push({
      line: verdict.marker.line,
      severity: 'error',
      message: `${verdict.code}: ${verdict.message}`,
    });
  if (!readOnly)
    for (const m of findingMarkers(value, current))
      markers.push({
        line: m.line,
        severity: SEVERITY[m.severity],
        message: `${m.severity} ${m.code}: ${m.message}`,
      });
  const pending = !readOnly && value.trim() !== '' && checked.text !== value;
  return (
    <div class="policy-editor">
      <CodeEditor
        label={label}
        value={value}
        onValue={onValue}
        markers={markers}
        rows={rows}
        readOnly={readOnly}
        highlight={highlight}
      />
      {!readOnly && (
        <p role="status" class="hint" aria-live="polite">
          {pending
            ? 'Checking…'
            : checked.error
              ? `Access Analyzer could not check the policy: ${checked.error}`
              : verdict
                ? `IAM would refuse this policy (${verdict.code}); Access Analyzer: ${current.length} finding${current.length === 1 ? '' : 's'}.`
                : `IAM accepts this policy; Access Analyzer: ${current.length} finding${current.length === 1 ? '' : 's'}.`}
        </p>
      )}
    </div>
  );
}

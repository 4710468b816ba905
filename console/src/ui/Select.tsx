import { useId } from 'preact/hooks';

interface Props {
  label: string;
  value: string;
  options: (string | { value: string; label: string })[];
  onValue: (value: string) => void;
  disabled?: boolean;
  compact?: boolean;
}

/** A labelled select. */
export function Select({ label, value, options, onValue, disabled, compact }: Props) {
  const id = useId();
  return (
    <div class={compact ? 'field field-inline' : 'field'}>
      <label for={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onValue(e.currentTarget.value)}>
        {options.map((o) => {
          const opt = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={opt.value} value={opt.value}>
              {opt.label}
            </option>
          );
        })}
      </select>
    </div>
  );
}

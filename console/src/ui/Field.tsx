import { useId } from 'preact/hooks';

interface Props {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  type?: 'text' | 'password' | 'search' | 'email' | 'number' | 'url' | 'datetime-local';
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  autoComplete?: string;
  name?: string;
}

/** A labelled input (the label names the control for screen readers and tests alike). */
export function Field({ label, value, onValue, hint, type = 'text', ...rest }: Props) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        // Preact's types pick attributes per input type; a union of types needs the widening.
        type={type as 'text'}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...rest}
      />
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

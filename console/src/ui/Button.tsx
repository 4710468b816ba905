import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  kind?: 'primary' | 'secondary' | 'danger';
  type?: 'button' | 'submit';
  children: ComponentChildren;
};

/** A button; `type` defaults to `button` so it never submits a form by accident. */
export function Button({ kind = 'secondary', type = 'button', class: cls, ...rest }: Props) {
  return <button type={type} class={`btn btn-${kind}${cls ? ` ${cls}` : ''}`} {...rest} />;
}

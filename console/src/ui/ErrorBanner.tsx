import { shownError } from '../aws/errors.js';

/** AWS's error code and message, announced (role="alert"). Renders nothing without an error. */
export function ErrorBanner({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const { code, message } = shownError(error);
  return (
    <div role="alert" class="error-banner">
      <strong>{code}</strong>
      {message && <span>: {message}</span>}
    </div>
  );
}

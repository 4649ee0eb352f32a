/** A form's overall outcome: an error (announced at once) or a success note. Renders nothing without a message. */
export function FormMessage({ error, success }: { error?: string | null; success?: string | null }) {
  if (error) {
    return (
      <p className="notice notice--error" role="alert">
        {error}
      </p>
    );
  }
  if (success) {
    return (
      <p className="notice notice--ok" role="status">
        {success}
      </p>
    );
  }
  return null;
}

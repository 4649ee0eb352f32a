import { useState, type FormEvent } from 'react';

/**
 * Placeholder for the accounts work: the form is laid out, but there is no sign-in endpoint yet, so submitting
 * says so instead of pretending.
 */
export function SignInPage() {
  const [notice, setNotice] = useState<string | null>(null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setNotice('Sign-in is not available yet: accounts arrive in an upcoming release.');
  };
  return (
    <section className="page page--narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <form className="card form" onSubmit={onSubmit} noValidate>
        <label className="field">
          <span className="field__label">Email</span>
          <input type="email" name="email" autoComplete="email" required />
        </label>
        <label className="field">
          <span className="field__label">Password</span>
          <input type="password" name="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="button">
          Sign in
        </button>
        {notice && (
          <p className="notice" role="alert">
            {notice}
          </p>
        )}
      </form>
    </section>
  );
}

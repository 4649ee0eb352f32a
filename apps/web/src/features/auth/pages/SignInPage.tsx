import { LoginDto } from '@contrivance/contracts';
import type { FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { useDtoForm } from '../../../lib/use-dto-form';
import { useSignIn } from '../api/auth.api';

/** Only same-app paths are followed after sign-in, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const form = useDtoForm(LoginDto, { email: '', password: '' });
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const signIn = useSignIn({
    onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }),
    onError: form.showError,
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const dto = await form.check();
    if (dto) signIn.mutate(dto);
  };

  return (
    <section className="page page--narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <form className="card form" onSubmit={onSubmit} noValidate>
        <Field
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          value={form.values.email}
          error={form.fieldErrors.email}
          onChange={(e) => form.set('email', e.target.value)}
        />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={form.values.password}
          error={form.fieldErrors.password}
          onChange={(e) => form.set('password', e.target.value)}
        />
        <FormMessage error={form.formError} />
        <button type="submit" className="button" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted form__footer">
          New here? <Link to="/sign-up">Create an account</Link>
        </p>
      </form>
    </section>
  );
}

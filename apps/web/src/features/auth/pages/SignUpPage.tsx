import { PASSWORD_MIN_LENGTH, RegisterDto } from '@contrivance/contracts';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { useDtoForm } from '../../../lib/use-dto-form';
import { useSignUp } from '../api/auth.api';

export function SignUpPage() {
  const form = useDtoForm(RegisterDto, { email: '', password: '', displayName: '' });
  const navigate = useNavigate();
  const signUp = useSignUp({
    onSuccess: () => navigate('/', { replace: true }),
    onError: form.showError,
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const dto = await form.check();
    if (dto) signUp.mutate(dto);
  };

  return (
    <section className="page page--narrow" aria-labelledby="sign-up-title">
      <h1 id="sign-up-title">Create your account</h1>
      <form className="card form" onSubmit={onSubmit} noValidate>
        <Field
          label="Name"
          name="displayName"
          autoComplete="name"
          value={form.values.displayName}
          error={form.fieldErrors.displayName}
          onChange={(e) => form.set('displayName', e.target.value)}
        />
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
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          value={form.values.password}
          error={form.fieldErrors.password}
          onChange={(e) => form.set('password', e.target.value)}
        />
        <FormMessage error={form.formError} />
        <button type="submit" className="button" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating account…' : 'Create account'}
        </button>
        <p className="muted form__footer">
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </p>
      </form>
    </section>
  );
}

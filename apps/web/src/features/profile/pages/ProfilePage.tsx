import { GRID_DENSITIES, PASSWORD_MIN_LENGTH, UpdateMeDto, type GridDensity } from '@contrivance/contracts';
import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { useDtoForm } from '../../../lib/use-dto-form';
import { useCurrentUser } from '../../auth';
import { useChangePassword, useUpdateProfile } from '../api/profile.api';

const DENSITY_LABELS: Record<GridDensity, string> = { compact: 'Compact', normal: 'Normal', comfortable: 'Comfortable' };

export function ProfilePage() {
  const { user } = useCurrentUser();
  if (!user) return null;
  return (
    <section className="page page--narrow stack" aria-labelledby="profile-title">
      <h1 id="profile-title">Profile</h1>
      <ProfileForm displayName={user.displayName} gridDensity={user.preferences.gridDensity ?? 'normal'} email={user.email} />
      <PasswordForm />
    </section>
  );
}

function ProfileForm({ displayName, gridDensity, email }: { displayName: string; gridDensity: GridDensity; email: string }) {
  const [density, setDensity] = useState<GridDensity>(gridDensity);
  const form = useDtoForm(UpdateMeDto, { displayName });
  const save = useUpdateProfile({ onError: form.showError });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const dto = await form.check();
    if (dto) save.mutate({ displayName: dto.displayName, preferences: { gridDensity: density } });
  };
  return (
    <form className="card form" onSubmit={onSubmit} noValidate aria-label="Profile">
      <p className="muted">Signed in as {email}</p>
      <Field label="Name" name="displayName" value={form.values.displayName ?? ''} error={form.fieldErrors.displayName} onChange={(e) => form.set('displayName', e.target.value)} />
      <div className="field">
        <label className="field__label" htmlFor="grid-density">
          Grid density
        </label>
        <select id="grid-density" value={density} onChange={(e) => setDensity(e.target.value as GridDensity)}>
          {GRID_DENSITIES.map((d) => (
            <option key={d} value={d}>
              {DENSITY_LABELS[d]}
            </option>
          ))}
        </select>
      </div>
      <FormMessage error={form.formError} success={save.isSuccess ? 'Profile saved.' : null} />
      <button type="submit" className="button" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save profile'}
      </button>
    </form>
  );
}

function PasswordForm() {
  const form = useDtoForm(UpdateMeDto, { currentPassword: '', newPassword: '' });
  const change = useChangePassword({
    onSuccess: () => form.setValues({ currentPassword: '', newPassword: '' }),
    onError: form.showError,
  });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const dto = await form.check();
    if (dto) change.mutate({ currentPassword: dto.currentPassword, newPassword: dto.newPassword });
  };
  return (
    <form className="card form" onSubmit={onSubmit} noValidate aria-label="Change password">
      <h2>Change password</h2>
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={form.values.currentPassword ?? ''}
        error={form.fieldErrors.currentPassword}
        onChange={(e) => form.set('currentPassword', e.target.value)}
      />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. Your other sessions will be signed out.`}
        value={form.values.newPassword ?? ''}
        error={form.fieldErrors.newPassword}
        onChange={(e) => form.set('newPassword', e.target.value)}
      />
      <FormMessage error={form.formError} success={change.isSuccess ? 'Password changed.' : null} />
      <button type="submit" className="button" disabled={change.isPending}>
        {change.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}

import { personLabel, personLookup } from './person-refs';

const members = [
  { userId: '11111111-1111-4111-8111-111111111111', email: 'sam@example.com', displayName: 'Sam Rep' },
  { userId: '22222222-2222-4222-8222-222222222222', email: 'alex.one@example.com', displayName: 'Alex' },
  { userId: '33333333-3333-4333-8333-333333333333', email: 'alex.two@example.com', displayName: 'alex' },
];

describe('person references', () => {
  const lookup = personLookup(members);

  it('finds a member by id, email or unique name, in any letter case and with spaces around', () => {
    expect(lookup('11111111-1111-4111-8111-111111111111')).toEqual({ ok: true, id: members[0].userId });
    expect(lookup('11111111-1111-4111-8111-111111111111'.toUpperCase())).toEqual({ ok: true, id: members[0].userId });
    expect(lookup(' SAM@example.com ')).toEqual({ ok: true, id: members[0].userId });
    expect(lookup('sam rep')).toEqual({ ok: true, id: members[0].userId });
    expect(lookup('alex.two@example.com')).toEqual({ ok: true, id: members[2].userId });
  });

  it('refuses a shared name with a hint, and anyone who is not a member', () => {
    expect(lookup('Alex')).toEqual({ ok: false, message: '"Alex" is the name of 2 members; use their email instead' });
    expect(lookup('nobody@example.com')).toMatchObject({ ok: false, message: expect.stringContaining('not a member') });
    expect(lookup('44444444-4444-4444-8444-444444444444')).toMatchObject({ ok: false });
  });

  it('exports names where they are unique and emails where they are not, so an export imports back', () => {
    const label = personLabel(members);
    expect(members.map((m) => label(m.userId))).toEqual(['Sam Rep', 'alex.one@example.com', 'alex.two@example.com']);
    for (const m of members) expect(lookup(label(m.userId)!)).toEqual({ ok: true, id: m.userId });
  });
});

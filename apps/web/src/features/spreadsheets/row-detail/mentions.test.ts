import type { Member } from '@contrivance/contracts';
import { describe, expect, it } from 'vitest';
import { insertMention, mentionAt, mentionedIn, splitMentions, suggestMembers } from './mentions';

const member = (displayName: string, email: string, userId = displayName.toLowerCase().replace(/\s/g, '-')): Member => ({ userId, displayName, email, role: 'editor' });
const ann = member('Ann Lee', 'ann@example.com');
const anna = member('Anna', 'anna@example.com');
const bob = member('Bob Stone', 'robert@example.com');
const members = [bob, ann, anna];

describe('mentionAt', () => {
  it('finds the @name typed before the caret', () => {
    expect(mentionAt('Hi @An', 6)).toEqual({ start: 3, query: 'An' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('Hi @Ann Lee', 11)).toEqual({ start: 3, query: 'Ann Lee' });
  });

  it('ignores an @ inside a word (an email) and a mention left behind on an earlier line', () => {
    expect(mentionAt('mail ann@example.com', 20)).toBeNull();
    expect(mentionAt('Hi @Ann\nthanks', 14)).toBeNull();
    expect(mentionAt('no mention', 5)).toBeNull();
  });
});

describe('suggestMembers', () => {
  it('ranks names starting with the query first, then any word, then emails', () => {
    expect(suggestMembers(members, 'ann').map((m) => m.displayName)).toEqual(['Ann Lee', 'Anna']);
    expect(suggestMembers(members, 'st').map((m) => m.displayName)).toEqual(['Bob Stone']);
    expect(suggestMembers(members, 'robert').map((m) => m.displayName)).toEqual(['Bob Stone']);
    expect(suggestMembers(members, 'zed')).toEqual([]);
    expect(suggestMembers(members, '', 2)).toHaveLength(2);
  });
});

describe('insertMention', () => {
  it('replaces what was typed with the full name and moves the caret past it', () => {
    const text = 'Hi @an, see this';
    expect(insertMention(text, { start: 3, query: 'an' }, ann)).toEqual({ text: 'Hi @Ann Lee , see this', caret: 12 });
  });
});

describe('mentionedIn', () => {
  it('keeps the picked members whose name is still in the text', () => {
    expect(mentionedIn('Thanks @Ann Lee and @Ann Lee', [ann, bob, ann])).toEqual([ann.userId]);
    expect(mentionedIn('Nobody', [ann])).toEqual([]);
  });
});

describe('splitMentions', () => {
  it('cuts out the mentions, preferring the longest name', () => {
    expect(splitMentions('Hi @Anna and @Ann Lee!', [ann, anna])).toEqual([
      { text: 'Hi ' },
      { text: '@Anna', mention: anna },
      { text: ' and ' },
      { text: '@Ann Lee', mention: ann },
      { text: '!' },
    ]);
    expect(splitMentions('@Bob Stone', [bob])).toEqual([{ text: '@Bob Stone', mention: bob }]);
    expect(splitMentions('plain @nobody', [bob])).toEqual([{ text: 'plain @nobody' }]);
  });
});

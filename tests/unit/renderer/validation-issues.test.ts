import { describe, expect, it } from 'vitest';
import { contract } from '../../../main/contract/channels';
import { describeIssue, fieldIssues } from '../../../renderer/src/lib/validation-issues';

describe('describeIssue', () => {
  it('words length limits itself', () => {
    expect(describeIssue({ code: 'too_big', path: ['title'], message: 'Too big', maximum: 1000 })).toEqual({
      key: 'validation.tooLong',
      params: { max: 1000 },
      message: 'Too big',
      useMessageInVietnamese: false,
    });
    expect(describeIssue({ code: 'too_small', path: ['password'], message: 'x', minimum: 10 }).key).toBe('validation.tooShort');
    expect(describeIssue({ code: 'too_small', path: ['fullName'], message: 'x', minimum: 1 }).key).toBe('validation.required');
  });

  it('keeps the contract Vietnamese message for custom checks', () => {
    const issue = describeIssue({ code: 'invalid_format', path: ['fileCode'], message: 'Mã hồ sơ gồm …' });
    expect(issue.key).toBe('validation.field.fileCode');
    expect(issue.useMessageInVietnamese).toBe(true);
    expect(describeIssue({ code: 'custom', path: ['other'], message: 'Sai' }).key).toBe('validation.invalid');
  });
});

describe('fieldIssues against the contract', () => {
  it('reports the first issue per field of dossier:create', () => {
    const parsed = contract['dossier:create'].args.safeParse({ batchId: 1, fileCode: 'abc', title: '' });
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error.issues);
      expect(issues['fileCode']?.message).toContain('Mã hồ sơ');
      expect(issues['title']?.key).toBe('validation.required');
    }
  });

  it('checks the first supervisor account', () => {
    const parsed = contract['auth:setup'].args.safeParse({ username: 'Nguyễn', fullName: 'A', password: 'short' });
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error.issues);
      expect(issues['username']?.key).toBe('validation.field.username');
      expect(issues['password']).toMatchObject({ key: 'validation.tooShort', params: { min: 10 } });
    }
  });
});

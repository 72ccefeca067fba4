// Client-side check of a form against the contract's own argument schema, before calling main.
import { contract, type Channel } from '../../../main/contract/channels';
import { fieldIssues, type FieldIssue } from '../lib/validation-issues';

export function validateArgs(channel: Channel, args: unknown): Record<string, FieldIssue> {
  const parsed = contract[channel].args.safeParse(args);
  return parsed.success ? {} : fieldIssues(parsed.error.issues);
}

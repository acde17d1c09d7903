import type { z } from 'zod';
import { DomainError } from './domainError.js';

export interface FieldProblem {
  path: string;
  message: string;
}

/** Readable field problems: `schedules.default.bands.1.from: must be HH:MM`. */
export const describeIssues = (error: z.ZodError): FieldProblem[] =>
  error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));

/** Parse or throw a VALIDATION_FAILED DomainError naming every bad field. */
export const parseOrThrow = <S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = describeIssues(result.error);
  const first = problems[0];
  throw new DomainError(
    'VALIDATION_FAILED',
    `Invalid ${what}: ${first ? `${first.path}: ${first.message}` : 'malformed'}`,
    { issues: problems },
  );
};

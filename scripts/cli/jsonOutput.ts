import { DomainError, isDomainError, type ErrorBody } from '../../shared/errors/index.js';
import type { CliIo } from './cliIo.js';
import { exitCodes } from './command.js';

/** Every answer is pretty-printed JSON (2-space indent) followed by a newline, on stdout. */
export const printJson = (io: CliIo, value: unknown): void => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

export const invalidInput = (message: string, details: unknown): DomainError =>
  new DomainError('VALIDATION_FAILED', message, details);

/** Bad input → its error body and exit 2; anything else is our bug and escapes to the caller. */
export const printDomainError = (io: CliIo, error: unknown): number => {
  if (!isDomainError(error)) throw error;
  printJson(io, error.toBody());
  return exitCodes.invalid;
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw invalidInput(`stdin is not valid JSON: ${message}`, { issues: [{ path: '(root)', message }] });
  }
};

const answerElement = <T>(answer: (input: unknown) => T, input: unknown): T | ErrorBody => {
  try {
    return answer(input);
  } catch (error) {
    if (isDomainError(error)) return error.toBody();
    throw error;
  }
};

/**
 * The stdin contract of `quote` and `match`: one JSON value → one answer (exit 2 and an error
 * body when it is invalid); a JSON array → a batch, answered element by element in order, with
 * an invalid element's error body in its place (exit 0).
 */
export const answerStdinJson = async (io: CliIo, command: string, answer: (input: unknown) => unknown): Promise<number> => {
  try {
    if (io.stdinIsTTY) throw invalidInput(`parkade ${command} reads JSON on stdin`, { usage: `parkade ${command} < input.json` });
    const input = parseJson(await io.readStdin());
    printJson(io, Array.isArray(input) ? input.map((element) => answerElement(answer, element)) : answer(input));
    return exitCodes.ok;
  } catch (error) {
    return printDomainError(io, error);
  }
};

import { parsePlate } from '../../shared/plates/index.js';
import { exitCodes, type CommandRun } from './command.js';
import { invalidInput, printDomainError, printJson } from './jsonOutput.js';

/** `parkade plate <text…>`: one text → one object, several → an array in the same order. */
export const plate: CommandRun = async (texts, io) => {
  if (texts.length === 0) {
    return printDomainError(io, invalidInput('parkade plate needs at least one plate text', { usage: 'parkade plate <text…>' }));
  }
  const parsed = texts.map(parsePlate);
  printJson(io, parsed.length === 1 ? parsed[0] : parsed);
  return exitCodes.ok;
};

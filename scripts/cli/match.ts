import { z } from 'zod';
import { parseOrThrow } from '../../shared/errors/index.js';
import { matchPlate } from '../../shared/plates/index.js';
import type { CommandRun } from './command.js';
import { answerStdinJson } from './jsonOutput.js';

/** A read plate need not be valid (misreads rarely are); candidates are the open sessions' plates. */
const matchRequestSchema = z.object({
  plate: z.string().min(1),
  candidates: z.array(z.string()),
});

/** `parkade match`: `{ plate, candidates }` on stdin → `{ match, score }` (or a batch of them). */
export const match: CommandRun = (_args, io) =>
  answerStdinJson(io, 'match', (input) => {
    const { plate, candidates } = parseOrThrow(matchRequestSchema, input, 'match request');
    return matchPlate(plate, candidates);
  });

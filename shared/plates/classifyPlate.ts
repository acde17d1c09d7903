/** The kinds of plate DESIGN.md "Plates" recognises (GA 36 plus the system's own temporary ids). */
export const plateKinds = [
  'standard',
  'newEnergy',
  'police',
  'coach',
  'trailer',
  'hongKong',
  'macau',
  'consulate',
  'test',
  'emergency',
  'embassy',
  'military',
  'armedPolice',
  'temporary',
] as const;

export type PlateKind = (typeof plateKinds)[number];

const province = '[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]';
/** The characters that may follow the issuing letter: digits and letters except I and O. */
const serial = '[A-HJ-NP-Z0-9]';
const newEnergyMark = '[DABCEFGHJK]';
const civil = `${province}[A-Z]`;

/**
 * In match order. The sets are disjoint except military/armedPolice (WJ12345 is both shapes),
 * which is why armedPolice comes first.
 */
const patterns: ReadonlyArray<readonly [PlateKind, RegExp]> = [
  ['standard', new RegExp(`^${civil}${serial}{5}$`, 'u')],
  ['newEnergy', new RegExp(`^${civil}(?:${newEnergyMark}${serial}\\d{4}|\\d{5}${newEnergyMark})$`, 'u')],
  ['police', new RegExp(`^${civil}${serial}{4}警$`, 'u')],
  ['coach', new RegExp(`^${civil}${serial}{4}学$`, 'u')],
  ['trailer', new RegExp(`^${civil}${serial}{4}挂$`, 'u')],
  ['hongKong', new RegExp(`^${civil}${serial}{4}港$`, 'u')],
  ['macau', new RegExp(`^${civil}${serial}{4}澳$`, 'u')],
  ['consulate', new RegExp(`^${civil}${serial}{4}领$`, 'u')],
  ['test', new RegExp(`^${civil}${serial}{4}试$`, 'u')],
  ['emergency', new RegExp(`^${civil}${serial}{4}应急$`, 'u')],
  ['embassy', /^(?:使\d{6}|\d{6}使)$/u],
  ['armedPolice', new RegExp(`^WJ${province}?${serial}{5}$`, 'u')],
  ['military', /^[A-Z]{2}\d{5}$/u],
  ['temporary', new RegExp(`^临${serial}{6}$`, 'u')],
];

/** The kind of an already normalised plate, or null when it is no plate we know. */
export const classifyPlate = (normalized: string): PlateKind | null =>
  patterns.find(([, pattern]) => pattern.test(normalized))?.[0] ?? null;

/** Special vehicles that enter, park and leave free (DESIGN.md: the seed rule). */
const exemptKinds: ReadonlySet<PlateKind> = new Set(['police', 'military', 'armedPolice', 'emergency']);

export const isExemptKind = (kind: PlateKind | null): boolean => kind !== null && exemptKinds.has(kind);

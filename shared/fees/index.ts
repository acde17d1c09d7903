export { billableMinutes, grossFee } from './grossFee.js';
export * from './quoteRequest.js';
export * from './quoteStay.js';
export { bandCoverageProblems, scheduleFor, ScheduleSchema, TariffSchema, type Band, type Schedule, type Tariff } from './tariffSchema.js';
export { DAY, formatInstant, isTimeZone, offsetAt } from './zoneClock.js';

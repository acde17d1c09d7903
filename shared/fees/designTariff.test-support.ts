/** DESIGN.md's example tariff, as raw JSON (what a caller sends). */
export const designTariff = {
  timezone: 'Asia/Shanghai',
  exitGraceMinutes: 15,
  schedules: {
    default: {
      freeMinutes: 15,
      freeMinutesDeducted: false,
      first: { minutes: 60, price: 500 },
      bands: [
        { from: '08:00', to: '22:00', unitMinutes: 30, unitPrice: 200 },
        { from: '22:00', to: '08:00', unitMinutes: 60, unitPrice: 100, cap: 1000 },
      ],
      dailyCap: 5000,
      capWindow: 'calendarDay',
    },
  },
};


/** Farm words the farmer's and the supplier's pages share: input categories, crops, and statuses. */
export const farm = {
  categories: {
    seed: 'Seed',
    fertilizer: 'Fertiliser',
    pesticide: 'Pesticide',
    feed: 'Feed',
    veterinary: 'Veterinary care',
    irrigation: 'Irrigation',
    equipment_rental: 'Equipment hire',
  },
  crops: { rice: 'Rice', wheat: 'Wheat', corn: 'Corn', hogs: 'Hogs', dairy: 'Dairy' },
  requestStatus: {
    awaiting_farmer: 'Waiting for the farmer',
    confirmed: 'Paid',
    cancelled: 'Cancelled',
    expired: 'Expired',
    locked: 'Locked',
  },
  productStatus: { pending_review: 'Waiting for review', approved: 'Approved', rejected: 'Rejected' },
  deliveryStatus: { awaiting_payment: 'Not paid yet', partly_paid: 'Partly paid', paid: 'Paid' },
  settlementStatus: {
    pending: 'Sent, not yet confirmed',
    paid: 'Paid',
    failed: 'Failed, will be sent again',
  },
  kg: '{{kg}} kg',
  perKg: '{{price}} per kg',
  minutesLeft_one: '{{count}} minute left',
  minutesLeft_other: '{{count}} minutes left',
  notANumber: 'Enter a whole number.',
} as const

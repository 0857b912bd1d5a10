// Money as the phone shows it. (Loaners and the customer's consent to paid work used to be
// recorded here as notes with a fixed prefix; they are records of their own now:
// store/actions.ts issueLoaner, returnLoaner, signPaidWorkConsent.)

export function yuan(cents: number): string {
  return `¥${(cents / 100).toFixed(2)}`;
}

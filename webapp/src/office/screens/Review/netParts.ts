// The parts a work order used, netted per part number for the review.

/** Net quantity per part number (a negative usage corrects an earlier one). */
export function netParts(usages: { part: { part_number: string; name: string; unit: string }; quantity: number }[]) {
  const totals = new Map<string, { part_number: string; name: string; unit: string; quantity: number }>();
  for (const usage of usages) {
    const row = totals.get(usage.part.part_number) ?? { ...usage.part, quantity: 0 };
    row.quantity += usage.quantity;
    totals.set(usage.part.part_number, row);
  }
  return [...totals.values()].sort((a, b) => a.part_number.localeCompare(b.part_number));
}

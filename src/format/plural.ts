/** A count with its noun: `plural(1, 'seat')` -> "1 seat", `plural(3, 'seat')` -> "3 seats". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

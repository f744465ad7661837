/**
 * SparkBit's balance-row states (wallet-behaviour.md §2.2) as words for the holder, never the constant names.
 */
const WORDS: Record<string, string> = {
  NEVERCHECKED: 'not checked yet',
  REFRESH: 'checking again',
  UNKNOWN: 'trackers do not know yet',
  VALID: 'checked',
  ZERO: 'holds none',
  SPENT: 'spent',
  SELF: 'worked out by this wallet',
  DELETED: 'deleted',
};

export function outputStateWords(state: string): string {
  return WORDS[state] ?? state.toLowerCase().replace(/_/g, ' ');
}

/** The rule set in force on a local date (YYYY-MM-DD): the latest whose `validFrom` is not after it. */
export function ruleSetOn<Set extends { validFrom: string }>(date: string, sets: readonly Set[]): Set {
  const set = sets
    .filter((candidate) => candidate.validFrom <= date)
    .sort((left, right) => left.validFrom.localeCompare(right.validFrom))
    .at(-1);
  if (!set) throw new Error(`No rules in force on ${date}`);
  return set;
}

const frenchPlurals = new Intl.PluralRules('fr-FR');

/**
 * The French form for `count`, by the CLDR plural rules (`Intl.PluralRules`): « one » for 0 and 1 (and
 * 1,5), « other » — or « many », for a million and more, written like « other » — above.
 */
export const plural = (count: number, one: string, other: string) => (frenchPlurals.select(count) === 'one' ? one : other);

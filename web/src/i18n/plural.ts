/** French plural: one for 0 and 1, many above. */
export const plural = (count: number, one: string, many: string) => (count <= 1 ? one : many);

/**
 * The shape every locale's catalogue must have: the English catalogue's keys, each with a string. A
 * key missing in another locale is a type error; `test/unit/i18n/catalogue.test.ts` also checks the
 * keys and the `{{placeholders}}` of each text at run time.
 * @module
 */
export type Messages<T> = {
  -readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]>
}

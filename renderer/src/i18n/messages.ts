// The shape both dictionaries share: the Vietnamese keys with every text widened to string.
import type { vi } from './vi';

// Vietnamese has one plural form (`_other`); English also needs `_one` for every plural key.
type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> } & {
  readonly [K in keyof T as K extends `${infer Base}_other` ? `${Base}_one` : never]: string;
};

export type Messages = Widen<typeof vi>;

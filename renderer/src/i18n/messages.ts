// The shape both dictionaries share: the Vietnamese keys with every text widened to string.
import type { vi } from './vi';

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export type Messages = Widen<typeof vi>;

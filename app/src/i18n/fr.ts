import { en, type Catalog } from "./en.ts";

export const fr: Catalog = en;

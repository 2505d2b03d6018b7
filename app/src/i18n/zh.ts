import { en, type Catalog } from "./en.ts";

export const zh: Catalog = en;

/**
 * Names instead of hex: who an address is, resolved once and shown everywhere (receipts, audit
 * reports in Markdown and CSV, the dApp) as "Name (0x12ab…cdef)".
 *
 * Where names come from, most trusted first:
 *
 * 1. the registry: suppliers (`supplier(a).name`, vetted by a vetter) and verifiers
 *    (`verifier(a).name` and `.organization`, registered by a vetter);
 * 2. the appeal's metadata (`organizer.name`, `beneficiary.name`; see content.ts): what the
 *    organizer states about itself and the beneficiary. The contracts keep no profile for either,
 *    so these names are the organizer's word, marked as such (`source: "metadata"`); a registered
 *    party's registry name always wins (WAHO's warehouse is both the beneficiary and a verifier).
 *
 * A registry profile for organizers was considered and left out: organizers already hold a role
 * granted by the registry's admin, the metadata is content-addressed (the CID is on chain, so the
 * name cannot change after launch without the metadataURI changing too), and a profile would be a
 * contract change for a name that nobody vets. If organizers are ever vetted like suppliers, the
 * registry is where that belongs.
 */
import { getAddress, type Address, type PublicClient } from "viem";

import { registryAbi } from "./generated/abis.ts";

export type NameSource = "supplier" | "verifier" | "metadata";

export type PartyName = {
  name: string;
  /** The verifier's organization, the supplier's country, or the role the metadata gives. */
  detail?: string;
  source: NameSource;
};

const lower = (a: string) => a.toLowerCase() as Address;

/** "0x12ab…cdef": the first 4 and last 4 hex digits of a checksummed address. */
export function shortAddress(address: string): string {
  let checksummed: string;
  try {
    checksummed = getAddress(address);
  } catch {
    return address;
  }
  return `${checksummed.slice(0, 6)}…${checksummed.slice(-4)}`;
}

/** Names by address, resolved once; every output asks it for the same label. */
export class NameBook {
  readonly #names = new Map<Address, PartyName>();

  constructor(entries: Iterable<readonly [string, PartyName]> = []) {
    for (const [address, name] of entries) this.set(address, name);
  }

  /** Adds or replaces a name; a registry name is never replaced by a metadata one. */
  set(address: string, name: PartyName): void {
    const key = lower(address);
    const existing = this.#names.get(key);
    if (existing && existing.source !== "metadata" && name.source === "metadata") return;
    const trimmed = name.name.trim();
    if (!trimmed) return;
    this.#names.set(key, { ...name, name: trimmed });
  }

  get(address: string | undefined): PartyName | undefined {
    return address ? this.#names.get(lower(address)) : undefined;
  }

  /** The name alone, or undefined. */
  name(address: string | undefined): string | undefined {
    return this.get(address)?.name;
  }

  /** "Name (0x12ab…cdef)" when named, else the short address. */
  label(address: string): string {
    const name = this.name(address);
    return name ? `${name} (${shortAddress(address)})` : shortAddress(address);
  }

  /** For reports that keep full addresses: "Name (`0x…full…`)" when named, else "`0x…full…`". */
  labelFull(address: string): string {
    const name = this.name(address);
    return name ? `${name} (\`${address}\`)` : `\`${address}\``;
  }

  entries(): [Address, PartyName][] {
    return [...this.#names.entries()];
  }

  get size(): number {
    return this.#names.size;
  }

  toJSON(): Record<string, PartyName> {
    return Object.fromEntries(this.#names);
  }
}

/** Names an appeal's metadata gives (see content.ts `AppealMetadata`). */
export type MetadataNames = {
  organizer?: { name?: string };
  beneficiary?: { name?: string };
};

/**
 * Resolves `addresses` through the registry (at `blockNumber` when given), then the organizer and
 * the beneficiary through the appeal's metadata. Addresses the registry does not know stay unnamed.
 * A registry that is not a v2 one (a v1 deployment keeps no verifiers) or that cannot be read
 * leaves those names out rather than failing: names help people read, they are not checked facts.
 */
export async function resolveNames(
  client: PublicClient,
  options: {
    registry: Address;
    addresses: Iterable<string>;
    organizer?: Address;
    beneficiary?: Address;
    metadata?: MetadataNames;
    blockNumber?: bigint;
  },
): Promise<NameBook> {
  const book = new NameBook();
  const unique = [...new Set([...options.addresses].map(lower))];
  const at = { blockNumber: options.blockNumber };
  const supplierOf = (account: Address) =>
    client
      .readContract({
        address: options.registry,
        abi: registryAbi,
        functionName: "supplier",
        args: [account],
        ...at,
      })
      .catch(() => undefined);
  const verifierOf = (account: Address) =>
    client
      .readContract({
        address: options.registry,
        abi: registryAbi,
        functionName: "verifier",
        args: [account],
        ...at,
      })
      .catch(() => undefined);
  const records = await Promise.all(
    unique.map(async (a) => [a, await supplierOf(a), await verifierOf(a)] as const),
  );
  for (const [address, supplier, verifier] of records) {
    // Status 0 (None) means never registered: its fields are empty.
    if (verifier && Number(verifier.status) !== 0 && verifier.name)
      book.set(address, {
        name: verifier.name,
        detail: verifier.organization || undefined,
        source: "verifier",
      });
    else if (supplier && Number(supplier.status) !== 0 && supplier.name)
      book.set(address, {
        name: supplier.name,
        detail: supplier.country || undefined,
        source: "supplier",
      });
  }
  addMetadataNames(book, options);
  return book;
}

/** Adds the organizer's and the beneficiary's names from the appeal's metadata (the organizer's word). */
export function addMetadataNames(
  book: NameBook,
  options: { organizer?: Address; beneficiary?: Address; metadata?: MetadataNames },
): NameBook {
  const { metadata } = options;
  if (options.organizer && metadata?.organizer?.name)
    book.set(options.organizer, {
      name: metadata.organizer.name,
      detail: "organizer, as its appeal's metadata states",
      source: "metadata",
    });
  if (options.beneficiary && metadata?.beneficiary?.name)
    book.set(options.beneficiary, {
      name: metadata.beneficiary.name,
      detail: "beneficiary, as the appeal's metadata states",
      source: "metadata",
    });
  return book;
}

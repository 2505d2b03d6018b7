/**
 * Hand-made campaign logs for `replay` (client/ledger.ts), and the encoding the served-log tamper
 * tests use to rewrite real logs. No tests here: shared by test/client/ledger.ts and legacy.ts.
 */
import {
  decodeEventLog,
  encodeAbiParameters,
  encodeEventTopics,
  toHex,
  type Abi,
  type AbiEvent,
  type Address,
  type Hex,
  type Log,
} from "viem";

/** One event of a hand-made history: its name and every argument. */
export type HandMade = readonly [eventName: string, args: Record<string, unknown>];

function eventOf(abi: Abi, eventName: string): AbiEvent {
  const item = abi.find((i): i is AbiEvent => i.type === "event" && i.name === eventName);
  if (!item) throw new Error(`no event ${eventName} in this ABI`);
  return item;
}

/** The topics and data `eventName(args)` is logged with under `abi`; every argument is required. */
export function encodeEvent(
  abi: Abi,
  eventName: string,
  args: Record<string, unknown>,
): { topics: [Hex, ...Hex[]]; data: Hex } {
  const item = eventOf(abi, eventName);
  const missing = item.inputs.filter((input) => !(input.name! in args)).map((i) => i.name);
  if (missing.length) throw new Error(`${eventName}: no value for ${missing.join(", ")}`);
  const nonIndexed = item.inputs.filter((input) => !input.indexed);
  return {
    topics: encodeEventTopics({ abi: [item], eventName, args } as never) as [Hex, ...Hex[]],
    data: encodeAbiParameters(
      nonIndexed,
      nonIndexed.map((input) => args[input.name!]),
    ),
  };
}

/** The name and arguments of a log of `abi`. */
export function decodeEvent(
  abi: Abi,
  log: { data: Hex; topics: readonly Hex[] },
): { eventName: string; args: Record<string, unknown> } {
  const { eventName, args } = decodeEventLog({
    abi,
    data: log.data,
    topics: log.topics as [Hex, ...Hex[]],
  }) as unknown as { eventName: string; args: Record<string, unknown> };
  return { eventName, args };
}

/**
 * `events` as the campaign at `address` would have logged them under `abi`: one per block from
 * block 100 (so block 100 + i is the i-th event), each in its own transaction (hash 1000 + i).
 */
export function handMadeLogs(abi: Abi, address: Address, events: readonly HandMade[]): Log[] {
  return events.map(([eventName, args], i) => ({
    address,
    blockHash: toHex(i + 1, { size: 32 }),
    blockNumber: 100n + BigInt(i),
    logIndex: 0,
    removed: false,
    transactionHash: toHex(1_000 + i, { size: 32 }),
    transactionIndex: 0,
    ...encodeEvent(abi, eventName, args),
  }));
}

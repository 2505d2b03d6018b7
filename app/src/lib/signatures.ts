/**
 * Signed confirmations as verifiers share them: the client's `SignedConfirmation` (verifier,
 * deadline, signature) plus what it was signed for (campaign, chain, order, quantity, evidence), as
 * one JSON object a relayer pastes into its form. Bigints travel as decimal strings.
 */
import { getAddress, isAddress, type Address, type Hex } from "viem";

import type { SignedConfirmation } from "../../../client/actions.ts";
import { isBytes32 } from "./hash.ts";
import { msg, type Message } from "./message.ts";

/** A signed confirmation with the context it was signed in. */
export type SharedConfirmation = SignedConfirmation & {
  campaign?: Address;
  chainId?: number;
  orderId?: bigint;
  unitsDelivered?: bigint;
  evidenceHash?: Hex;
};

/** The JSON a verifier shares (one line, stable key order). */
export function confirmationToJson(c: Required<SharedConfirmation>): string {
  return JSON.stringify({
    campaign: c.campaign,
    chainId: c.chainId,
    orderId: c.orderId.toString(),
    unitsDelivered: c.unitsDelivered.toString(),
    evidenceHash: c.evidenceHash,
    verifier: c.verifier,
    deadline: c.deadline.toString(),
    signature: c.signature,
  });
}

const whole = (v: unknown): bigint | undefined =>
  (typeof v === "string" && /^\d+$/.test(v.trim())) ||
  (typeof v === "number" && Number.isSafeInteger(v) && v >= 0)
    ? BigInt(typeof v === "string" ? v.trim() : v)
    : undefined;

/** Splits pasted text into JSON objects: an array, one object, or objects one after another. */
function objectsIn(text: string): unknown[] | undefined {
  const t = text.trim();
  if (!t) return [];
  for (const candidate of [t, `[${t.replace(/}\s*,?\s*{/g, "},{")}]`]) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      return Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

/** Reads the confirmations a relayer pasted. Each must carry a verifier, a deadline and a signature. */
export function parseConfirmations(
  text: string,
): { ok: true; items: SharedConfirmation[] } | { ok: false; error: Message } {
  const objects = objectsIn(text);
  if (!objects) return { ok: false, error: msg("sigErrors.notJson") };
  if (!objects.length) return { ok: false, error: msg("sigErrors.none") };
  const items: SharedConfirmation[] = [];
  for (const [i, o] of objects.entries()) {
    // "The confirmation" when there is one, "Confirmation 2" among several.
    const which = {
      msg:
        objects.length > 1
          ? msg("sigErrors.confirmationN", { n: i + 1 })
          : msg("sigErrors.confirmation"),
    };
    const refuse = (key: Parameters<typeof msg>[0]) => ({
      ok: false as const,
      error: msg(key, { which }),
    });
    if (!o || typeof o !== "object") return refuse("sigErrors.notObject");
    const r = o as Record<string, unknown>;
    if (typeof r.verifier !== "string" || !isAddress(r.verifier, { strict: false }))
      return refuse("sigErrors.noVerifier");
    const deadline = whole(r.deadline);
    if (deadline === undefined) return refuse("sigErrors.noDeadline");
    if (typeof r.signature !== "string" || !/^0x([0-9a-fA-F]{2})+$/.test(r.signature))
      return refuse("sigErrors.noSignature");
    const item: SharedConfirmation = {
      verifier: getAddress(r.verifier),
      deadline,
      signature: r.signature as Hex,
    };
    if (r.campaign !== undefined) {
      if (typeof r.campaign !== "string" || !isAddress(r.campaign, { strict: false }))
        return refuse("sigErrors.badCampaign");
      item.campaign = getAddress(r.campaign);
    }
    if (r.chainId !== undefined) item.chainId = Number(r.chainId);
    if (r.orderId !== undefined) {
      item.orderId = whole(r.orderId);
      if (item.orderId === undefined) return refuse("sigErrors.badOrder");
    }
    if (r.unitsDelivered !== undefined) {
      item.unitsDelivered = whole(r.unitsDelivered);
      if (item.unitsDelivered === undefined) return refuse("sigErrors.badUnits");
    }
    if (r.evidenceHash !== undefined) {
      if (typeof r.evidenceHash !== "string" || !isBytes32(r.evidenceHash))
        return refuse("sigErrors.badEvidence");
      item.evidenceHash = r.evidenceHash;
    }
    items.push(item);
  }
  return { ok: true, items };
}

/** What the relayer submits: the order, the quantity and the evidence every signature must share. */
export type Submission = {
  campaign: Address;
  orderId: bigint;
  unitsDelivered: bigint;
  evidenceHash: Hex;
};

/** The context the pasted confirmations agree on (undefined fields where none carries one). */
const CONFLICT = {
  campaign: "sigErrors.conflictCampaign",
  orderId: "sigErrors.conflictOrder",
  unitsDelivered: "sigErrors.conflictUnits",
  evidenceHash: "sigErrors.conflictEvidence",
} as const;

export function sharedContext(
  items: SharedConfirmation[],
): Partial<Submission> & { conflict?: Message } {
  const ctx: Partial<Submission> & { conflict?: Message } = {};
  const keys = ["campaign", "orderId", "unitsDelivered", "evidenceHash"] as const;
  for (const key of keys) {
    const values = [
      ...new Set(
        items
          .map((i) => i[key])
          .filter((v) => v !== undefined)
          .map(String),
      ),
    ];
    if (values.length > 1) {
      ctx.conflict = msg(CONFLICT[key]);
    } else if (values.length === 1) {
      const v = items.find((i) => i[key] !== undefined)![key];
      (ctx as Record<string, unknown>)[key] = v;
    }
  }
  return ctx;
}

/**
 * Checks the confirmations against what is submitted and the campaign, before anything is sent:
 * each from a different verifier of the campaign, signed for this order, quantity and evidence,
 * on this chain, and not expired. Returns why not (a message), or undefined when they hold.
 */
export function checkConfirmations(
  items: SharedConfirmation[],
  submission: Submission,
  campaign: { chainId: number; verifiers: readonly Address[]; names?: Record<string, string> },
  now: bigint,
): Message | undefined {
  const name = (a: Address) => campaign.names?.[a.toLowerCase()] ?? a;
  const seen = new Set<string>();
  for (const c of items) {
    const who = name(c.verifier);
    if (seen.has(c.verifier.toLowerCase())) return msg("sigErrors.twice", { who });
    seen.add(c.verifier.toLowerCase());
    if (!campaign.verifiers.some((v) => v.toLowerCase() === c.verifier.toLowerCase()))
      return msg("sigErrors.notVerifier", { who });
    if (c.chainId !== undefined && c.chainId !== campaign.chainId)
      return msg("sigErrors.otherChain", { who, chain: c.chainId, expected: campaign.chainId });
    if (c.campaign && c.campaign.toLowerCase() !== submission.campaign.toLowerCase())
      return msg("sigErrors.otherAppeal", { who, campaign: c.campaign });
    if (c.orderId !== undefined && c.orderId !== submission.orderId)
      return msg("sigErrors.otherOrder", {
        who,
        signed: c.orderId.toString(),
        order: submission.orderId.toString(),
      });
    if (c.unitsDelivered !== undefined && c.unitsDelivered !== submission.unitsDelivered)
      return msg("sigErrors.otherUnits", {
        who,
        signed: { n: c.unitsDelivered },
        units: { n: submission.unitsDelivered },
      });
    if (c.evidenceHash && c.evidenceHash.toLowerCase() !== submission.evidenceHash.toLowerCase())
      return msg("sigErrors.otherEvidence", { who, hash: c.evidenceHash });
    if (c.deadline < now) return msg("sigErrors.expired", { who, date: { date: c.deadline } });
  }
  return undefined;
}

/** A signature deadline `days` after `now` (chain time), whole days from 1 to 365. */
export function deadlineAfter(now: bigint, daysText: string): bigint | undefined {
  const t = daysText.trim();
  if (!/^\d{1,3}$/.test(t)) return undefined;
  const days = BigInt(t);
  if (days < 1n || days > 365n) return undefined;
  return now + days * 86_400n;
}

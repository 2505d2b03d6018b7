// @vitest-environment node
import { recoverTypedDataAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";

import { confirmationTypedData } from "../../../client/actions.ts";
import { say } from "../lib/message.ts";
import {
  checkConfirmations,
  confirmationToJson,
  deadlineAfter,
  parseConfirmations,
  sharedContext,
  type SharedConfirmation,
} from "../lib/signatures.ts";

// Hardhat's accounts #6 and #7 (the seed's WAHO and UN country office).
const waho = privateKeyToAccount(
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
);
const undp = privateKeyToAccount(
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
);
const CAMPAIGN: Address = "0xCBd5431cC04031d089c90E7c83288183A6Fe545d";
const EVIDENCE: Hex = `0x${"11".repeat(32)}`;
const NOW = 1_800_000_000n;

async function signed(account = waho, over: Partial<SharedConfirmation> = {}) {
  const message = {
    orderId: 1n,
    supplier: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" as Address,
    termsHash: `0x${"22".repeat(32)}` as Hex,
    unitsDelivered: 20_000n,
    evidenceHash: EVIDENCE,
    verifier: account.address,
    nonce: 3n,
    deadline: NOW + 7n * 86_400n,
  };
  const signature = await account.signTypedData(confirmationTypedData(31337, CAMPAIGN, message));
  return {
    campaign: CAMPAIGN,
    chainId: 31337,
    orderId: 1n,
    unitsDelivered: 20_000n,
    evidenceHash: EVIDENCE,
    verifier: account.address,
    deadline: message.deadline,
    signature,
    ...over,
    message,
  };
}

describe("shared signed confirmations (JSON)", () => {
  it("round-trips through JSON with everything needed to submit and check it", async () => {
    const c = await signed();
    const json = confirmationToJson(c);
    expect(JSON.parse(json)).toEqual({
      campaign: CAMPAIGN,
      chainId: 31337,
      orderId: "1",
      unitsDelivered: "20000",
      evidenceHash: EVIDENCE,
      verifier: waho.address,
      deadline: (NOW + 7n * 86_400n).toString(),
      signature: c.signature,
    });
    const parsed = parseConfirmations(json);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [item] = parsed.items;
    expect(item).toEqual({
      campaign: CAMPAIGN,
      chainId: 31337,
      orderId: 1n,
      unitsDelivered: 20_000n,
      evidenceHash: EVIDENCE,
      verifier: waho.address,
      deadline: NOW + 7n * 86_400n,
      signature: c.signature,
    });
    // The signature still recovers to the verifier from what the JSON carries.
    const recovered = await recoverTypedDataAddress({
      ...confirmationTypedData(31337, CAMPAIGN, { ...c.message, deadline: item.deadline }),
      signature: item.signature,
    });
    expect(recovered).toBe(waho.address);
  });

  it("reads an array, objects one per line, or objects pasted back to back", async () => {
    const [a, b] = [confirmationToJson(await signed()), confirmationToJson(await signed(undp))];
    for (const text of [`[${a},${b}]`, `${a}\n${b}`, `${a}${b}`, `${a},\n\n${b}\n`]) {
      const parsed = parseConfirmations(text);
      expect(parsed.ok && parsed.items.map((i) => i.verifier)).toEqual([
        waho.address,
        undp.address,
      ]);
    }
  });

  it("accepts a bare SignedConfirmation {verifier, deadline, signature}", async () => {
    const c = await signed();
    const parsed = parseConfirmations(
      JSON.stringify({
        verifier: c.verifier,
        deadline: Number(c.deadline),
        signature: c.signature,
      }),
    );
    expect(parsed.ok && parsed.items[0]).toEqual({
      verifier: waho.address,
      deadline: c.deadline,
      signature: c.signature,
    });
  });

  it("refuses what is not a signed confirmation, with a sentence", () => {
    const error = (text: string) => {
      const parsed = parseConfirmations(text);
      return parsed.ok ? undefined : say(parsed.error);
    };
    expect(parseConfirmations("0xabc")).toEqual({ ok: false, error: { key: "sigErrors.notJson" } });
    expect(error("0xabc")).toBe("Paste the confirmations as the verifiers shared them (JSON).");
    expect(error('{"deadline":"1","signature":"0x00"}')).toBe(
      "The confirmation has no verifier address.",
    );
    expect(error(`{"verifier":"${waho.address}","deadline":"soon","signature":"0x00"}`)).toBe(
      "The confirmation has no deadline (seconds since 1970).",
    );
    expect(
      error(
        `[{"verifier":"${waho.address}","deadline":"1","signature":"0x00"},{"verifier":"${waho.address}","deadline":"1"}]`,
      ),
    ).toBe("Confirmation 2 has no signature (0x… hexadecimal).");
  });

  it("finds the order the confirmations agree on, and names a disagreement", async () => {
    const a = await signed();
    const b = await signed(undp, { unitsDelivered: 10_000n });
    expect(sharedContext([a])).toEqual({
      campaign: CAMPAIGN,
      orderId: 1n,
      unitsDelivered: 20_000n,
      evidenceHash: EVIDENCE,
    });
    expect(say(sharedContext([a, b]).conflict)).toBe(
      "The confirmations were signed for different quantities; submit together only those that agree.",
    );
  });

  describe("checkConfirmations, before anything is sent", () => {
    const submission = {
      campaign: CAMPAIGN,
      orderId: 1n,
      unitsDelivered: 20_000n,
      evidenceHash: EVIDENCE,
    };
    const campaign = {
      chainId: 31337,
      verifiers: [waho.address, undp.address],
      names: { [waho.address.toLowerCase()]: "WAHO Abuja warehouse" },
    };
    const check = (...args: Parameters<typeof checkConfirmations>) =>
      say(checkConfirmations(...args));
    it("passes confirmations from different verifiers of the appeal, for this order, unexpired", async () => {
      expect(check([await signed(), await signed(undp)], submission, campaign, NOW)).toBe(
        undefined,
      );
    });
    it("names what is wrong, verifiers by their registry names", async () => {
      const c = await signed();
      expect(check([c, c], submission, campaign, NOW)).toBe(
        "WAHO Abuja warehouse appears twice: one confirmation per verifier.",
      );
      expect(check([c], submission, { ...campaign, verifiers: [undp.address] }, NOW)).toBe(
        "WAHO Abuja warehouse is not one of this appeal's verifiers.",
      );
      expect(check([c], { ...submission, orderId: 0n }, campaign, NOW)).toBe(
        "WAHO Abuja warehouse signed for order 1, not order 0.",
      );
      expect(check([c], { ...submission, unitsDelivered: 1n }, campaign, NOW)).toBe(
        "WAHO Abuja warehouse signed for 20,000 units, not 1.",
      );
      expect(check([c], submission, { ...campaign, chainId: 1 }, NOW)).toBe(
        "WAHO Abuja warehouse signed for chain 31337, not this network (1).",
      );
      expect(check([c], submission, campaign, NOW + 8n * 86_400n)).toBe(
        "The signature of WAHO Abuja warehouse expired on 22 Jan 2027, 08:00 UTC: ask for a new one.",
      );
    });
  });

  it("sets a deadline whole days ahead on the chain's clock", () => {
    expect(deadlineAfter(NOW, "7")).toBe(NOW + 7n * 86_400n);
    expect(deadlineAfter(NOW, "0")).toBeUndefined();
    expect(deadlineAfter(NOW, "366")).toBeUndefined();
    expect(deadlineAfter(NOW, "1.5")).toBeUndefined();
  });
});

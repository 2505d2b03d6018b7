import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { keccak256 } from "viem";
import { sepolia } from "viem/chains";
import { describe, expect, it, vi } from "vitest";

import {
  computeCid,
  digestOf,
  encodeAppealMetadata,
  ipfsUri,
  type AppealMetadata,
} from "../../../client/content.ts";
import { AmountInput } from "../components/AmountInput.tsx";
import { EvidenceHash } from "../components/EvidenceHash.tsx";
import { NetworkBannerView } from "../components/NetworkBanner.tsx";
import { LaunchFormView, OrderFormView } from "../pages/Organizer.tsx";
import { DEFAULT_LIMITS, type LaunchRules } from "../lib/validation.ts";
import type { OrderRules } from "../lib/orders.ts";
import { localChain } from "../wagmi.ts";

function Amount({ decimals, symbol }: { decimals: number; symbol: string }) {
  const [text, setText] = useState("");
  return (
    <AmountInput
      label="Amount"
      value={text}
      onChange={setText}
      decimals={decimals}
      symbol={symbol}
    />
  );
}

describe("AmountInput", () => {
  it("rejects too many decimals with a sentence", async () => {
    render(<Amount decimals={6} symbol="USDC" />);
    await userEvent.type(screen.getByTestId("amount-input"), "10.1234567");
    expect(screen.getByTestId("amount-input-error").textContent).toBe(
      "USDC has 6 decimals: enter at most 6 digits after the decimal mark.",
    );
    expect(screen.getByLabelText("Amount").getAttribute("aria-invalid")).toBe("true");
  });
  it("accepts an amount within the token's decimals", async () => {
    render(<Amount decimals={8} symbol="WBTC" />);
    await userEvent.type(screen.getByTestId("amount-input"), "0.12345678");
    expect(screen.queryByTestId("amount-input-error")).toBeNull();
  });
});

describe("LaunchFormView", () => {
  const tokens = [
    { address: "0x0000000000000000000000000000000000000000", symbol: "ETH" },
    { address: "0x21dF544947ba3E8b3c32561399E88B52Dc8b2823", symbol: "USDC" },
  ];
  const WAHO = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
  const UNDP = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
  const SAHEL = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f";
  const ORGANIZER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
  const rules: LaunchRules = {
    limits: DEFAULT_LIMITS,
    verifiers: [
      { address: WAHO, name: "WAHO Abuja warehouse", organization: "WAHO", status: 1 },
      { address: UNDP, name: "UN country office", organization: "UNDP", status: 1 },
      { address: SAHEL, name: "Sahel Freight", organization: "Sahel Freight Ltd", status: 2 },
      { address: ORGANIZER, name: "Organizer's own desk", organization: "FCSSC", status: 1 },
    ],
    organizer: ORGANIZER,
  };
  it("shows a message for every invalid field and sends nothing", async () => {
    const onLaunch = vi.fn();
    render(
      <LaunchFormView
        now={1_800_000_000n}
        tokenOptions={tokens}
        rules={rules}
        onLaunch={onLaunch}
      />,
    );
    fireEvent.click(screen.getByTestId("launch-check"));
    for (const field of [
      "beneficiary",
      "unitName",
      "targetUnits",
      "goalUsd",
      "deadline",
      "procurementDeadline",
      "verifiers",
      "tokens",
      "title",
      "story",
      "beneficiaryName",
      "organizerName",
      "unitDescription",
    ]) {
      expect((await screen.findByTestId(`launch-${field}-error`)).textContent, field).not.toBe("");
    }
    expect((screen.getByTestId("launch-submit") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.submit(screen.getByTestId("launch-form"));
    expect(onLaunch).not.toHaveBeenCalled();
  });
  it("offers only active registered verifiers, never the organizer, and states the limits", () => {
    render(
      <LaunchFormView
        now={1_800_000_000n}
        tokenOptions={tokens}
        rules={rules}
        onLaunch={vi.fn()}
      />,
    );
    expect(screen.getByTestId(`launch-verifier-${WAHO}`)).toBeTruthy();
    expect(screen.getByTestId(`launch-verifier-${UNDP}`)).toBeTruthy();
    expect(screen.queryByTestId(`launch-verifier-${SAHEL}`)).toBeNull();
    expect(screen.queryByTestId(`launch-verifier-${ORGANIZER}`)).toBeNull();
    expect(screen.getByTestId("launch-limits").textContent).toBe(
      "This platform allows funding for up to 90 days, procurement for up to 365 days after funding ends, advances up to 30% and needs at least 2 verifiers to agree on each delivery.",
    );
    expect((screen.getByTestId("launch-threshold") as HTMLInputElement).value).toBe("2");
  });
  it("previews what donors will see, verifiers by name, then launches", async () => {
    const onLaunch = vi.fn();
    render(
      <LaunchFormView
        now={1_800_000_000n}
        tokenOptions={tokens}
        rules={rules}
        onLaunch={onLaunch}
      />,
    );
    const set = (id: string, value: string) =>
      fireEvent.change(screen.getByTestId(id), { target: { value } });
    set("launch-unitName", "surgical masks");
    set("launch-targetUnits", "20000");
    set("launch-goalUsd", "8000");
    set("launch-beneficiary", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    set("launch-deadline", "2027-02-01T00:00");
    set("launch-procurementDeadline", "2027-04-01T00:00");
    fireEvent.click(screen.getByTestId("launch-story-uri"));
    set("launch-metadataURI", "https://example.org/appeal.json");
    fireEvent.click(screen.getByTestId(`launch-verifier-${WAHO}`));
    fireEvent.click(screen.getByTestId(`launch-verifier-${UNDP}`));
    fireEvent.click(screen.getByLabelText("USDC"));
    fireEvent.click(screen.getByTestId("launch-check"));
    const preview = (await screen.findByTestId("launch-preview")).textContent;
    expect(preview).toContain("20,000 surgical masks");
    expect(preview).toContain("$8,000.00");
    expect(preview).toContain("accepts USDC");
    expect(preview).toContain(
      "2 of 2 verifiers confirm deliveries (WAHO Abuja warehouse and UN country office)",
    );
    fireEvent.click(screen.getByTestId("launch-submit"));
    await waitFor(() => expect(onLaunch).toHaveBeenCalledTimes(1));
    expect(onLaunch.mock.calls[0][0].goalUsd).toBe(8_000n * 10n ** 18n);
    expect(onLaunch.mock.calls[0][0].verifiers).toEqual([WAHO, UNDP]);
    expect(onLaunch.mock.calls[0][0].metadataURI).toBe("https://example.org/appeal.json");
  });

  it("writes the story into content-addressed metadata and shows its CID before signing", async () => {
    const onLaunch = vi.fn();
    render(
      <LaunchFormView
        now={1_800_000_000n}
        tokenOptions={tokens}
        rules={rules}
        onLaunch={onLaunch}
      />,
    );
    const set = (id: string, value: string) =>
      fireEvent.change(screen.getByTestId(id), { target: { value } });
    set("launch-unitName", "nitrile gloves (EN 455)");
    set("launch-targetUnits", "10000");
    set("launch-goalUsd", "1000");
    set("launch-beneficiary", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    set("launch-deadline", "2027-02-01T00:00");
    set("launch-procurementDeadline", "2027-04-01T00:00");
    set("launch-title", "10,000 gloves for Kano");
    set("launch-organizerName", "FCSSC West Africa relief desk");
    set("launch-story", "Kano's clinics ran out of gloves.\n\nEvery pair is paid on delivery.");
    set("launch-beneficiaryName", "Kano State medical stores");
    set("launch-beneficiaryCountry", "ng");
    set("launch-unitDescription", "One pair of powder-free nitrile gloves, EN 455.");
    const image = Uint8Array.from(
      new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"),
    );
    fireEvent.change(screen.getByTestId("launch-images"), {
      target: { files: [new File([image], "gloves.svg", { type: "image/svg+xml" })] },
    });
    await screen.findByTestId("launch-image-alt-0");
    fireEvent.change(screen.getByTestId("launch-image-alt-0"), {
      target: { value: "A box of gloves" },
    });
    fireEvent.click(screen.getByTestId(`launch-verifier-${WAHO}`));
    fireEvent.click(screen.getByTestId(`launch-verifier-${UNDP}`));
    fireEvent.click(screen.getByLabelText("ETH"));
    fireEvent.click(screen.getByTestId("launch-check"));
    const shown = (await screen.findByTestId("launch-metadata-cid")).textContent;

    // The same file the client builds: stable JSON, the image named by its own CID.
    const metadata: AppealMetadata = {
      schema: "handover.appeal/1",
      title: "10,000 gloves for Kano",
      story: "Kano's clinics ran out of gloves.\n\nEvery pair is paid on delivery.",
      images: [
        {
          uri: ipfsUri(await computeCid(image)),
          alt: "A box of gloves",
          mediaType: "image/svg+xml",
        },
      ],
      beneficiary: { name: "Kano State medical stores", country: "NG" },
      organizer: { name: "FCSSC West Africa relief desk" },
      unit: {
        name: "nitrile gloves (EN 455)",
        description: "One pair of powder-free nitrile gloves, EN 455.",
      },
    };
    const uri = ipfsUri(await computeCid(encodeAppealMetadata(metadata)));
    expect(shown).toBe(uri);
    expect(screen.getByTestId("launch-preview").textContent).toContain(uri);
    fireEvent.click(screen.getByTestId("launch-submit"));
    await waitFor(() => expect(onLaunch).toHaveBeenCalledTimes(1));
    expect(onLaunch.mock.calls[0][0].metadataURI).toBe(uri);
  });
});

describe("OrderFormView", () => {
  const ETH = "0x0000000000000000000000000000000000000000" as const;
  const USDC = "0x21df544947ba3e8b3c32561399e88b52dc8b2823" as const;
  const HENAN = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as const;
  const E18 = 10n ** 18n;
  const rules = (unbackedUsdc = 0n, unreserved = 11_000n * E18): OrderRules => ({
    now: 1_800_000_000n,
    procurementDeadline: 1_800_000_000n + 100n * 86_400n,
    deliveryGracePeriod: 7n * 86_400n,
    maxAdvanceBps: 3_000,
    vetted: [HENAN],
    verifiers: [],
    raisedUsd: 11_000n * E18,
    unreservedUsd: unreserved,
    pools: [
      {
        token: ETH,
        symbol: "ETH",
        decimals: 18,
        net: 2n * E18,
        available: 2n * E18,
        unbacked: 0n,
        advanceCap: 6n * 10n ** 17n,
      },
      {
        token: USDC,
        symbol: "USDC",
        decimals: 6,
        net: 5_000_000_000n,
        available: 5_000_000_000n,
        unbacked: unbackedUsdc,
        advanceCap: 1_500_000_000n,
      },
    ],
  });
  const suppliers = [{ address: HENAN, name: "Henan Medical Supplies", country: "CN" }];
  const fill = (over: Record<string, string> = {}) => {
    const values = {
      "order-supplier": HENAN,
      "order-amountUsd": "4500",
      "order-units": "20000",
      "order-deliverBy": "2027-03-01T00:00",
      "order-advancePercent": "10",
      "order-terms-hash": `0x${"5e".repeat(32)}`,
      ...over,
    };
    for (const [id, value] of Object.entries(values))
      fireEvent.change(screen.getByTestId(id), { target: { value } });
  };

  it("previews what the order reserves in each token, what is left and the headroom", () => {
    render(<OrderFormView rules={rules()} suppliers={suppliers} onPlace={vi.fn()} />);
    fill();
    expect(screen.getByTestId("order-unreserved").textContent).toBe("$11,000.00");
    expect(screen.getByTestId("order-share-ETH").textContent).toBe("0.818181818181818181 ETH");
    expect(screen.getByTestId("order-share-USDC").textContent).toBe("2,045.454545 USDC");
    expect(screen.getByTestId("order-advance-USDC").textContent).toBe("204.545454 USDC");
    expect(screen.getByTestId("order-headroom-USDC").textContent).toBe(
      "1,500 USDC (0 USDC of 1,500 USDC used)",
    );
    expect(screen.queryByTestId("order-error")).toBeNull();
  });

  it("explains an order above what can still be ordered and sends nothing", () => {
    const onPlace = vi.fn();
    render(
      <OrderFormView rules={rules(0n, 4_000n * E18)} suppliers={suppliers} onPlace={onPlace} />,
    );
    fill();
    expect(screen.getByTestId("order-error").textContent).toBe(
      "Only $4,000.00 can still be ordered (the rest is reserved for other orders or already paid); this order is $4,500.00.",
    );
    fireEvent.click(screen.getByTestId("order-submit"));
    expect(onPlace).not.toHaveBeenCalled();
  });

  it("explains an advance the campaign-wide cap would refuse and sends nothing", () => {
    const onPlace = vi.fn();
    render(<OrderFormView rules={rules(1_400_000_000n)} suppliers={suppliers} onPlace={onPlace} />);
    fill();
    expect(screen.getByTestId("order-error").textContent).toMatch(
      /^The supplier could not accept this order: its advance of 204.545454 USDC .* An advance of at most 4.88% fits now\.$/,
    );
    expect(screen.getByTestId("order-max-advance").textContent).toContain("4.88%");
    fireEvent.click(screen.getByTestId("order-submit"));
    expect(onPlace).not.toHaveBeenCalled();
    fill({ "order-advancePercent": "4.88" });
    expect(screen.queryByTestId("order-error")).toBeNull();
    fireEvent.click(screen.getByTestId("order-submit"));
    expect(onPlace).toHaveBeenCalledTimes(1);
    expect(onPlace.mock.calls[0][0]).toMatchObject({
      supplier: HENAN,
      amountUsd: 4_500n * E18,
      units: 20_000n,
      advanceBps: 488,
    });
  });
});

describe("NetworkBannerView", () => {
  it("names the expected network and offers to switch", () => {
    const onSwitch = vi.fn();
    render(
      <NetworkBannerView
        connected
        walletChainId={sepolia.id}
        walletChainName="Sepolia"
        expected={localChain}
        onSwitch={onSwitch}
        switching={false}
      />,
    );
    expect(screen.getByTestId("wrong-network").textContent).toContain("Your wallet is on Sepolia");
    expect(screen.getByTestId("expected-network").textContent).toBe(
      "Local Hardhat chain (chain 31337)",
    );
    fireEvent.click(screen.getByTestId("switch-network"));
    expect(onSwitch).toHaveBeenCalledOnce();
  });
  it("stays hidden on the right network or without a wallet", () => {
    const props = { expected: localChain, onSwitch: () => {}, switching: false };
    const { container, rerender } = render(
      <NetworkBannerView connected walletChainId={31337} {...props} />,
    );
    expect(container.innerHTML).toBe("");
    rerender(<NetworkBannerView connected={false} {...props} />);
    expect(container.innerHTML).toBe("");
  });
});

describe("EvidenceHash: what goes on chain is what the file's CID carries", () => {
  function Harness({ onHash }: { onHash: (h: string) => void }) {
    const [value, setValue] = useState("");
    return (
      <EvidenceHash
        label="Goods received note"
        value={value}
        onChange={(h) => {
          setValue(h);
          onHash(h);
        }}
        testId="grn"
      />
    );
  }
  // Made in this realm: jsdom's TextEncoder answers in a Uint8Array of its own.
  const bytes = Uint8Array.from(new TextEncoder().encode("GRN-0417: 10,000 masks counted in\n"));

  it("hashes a chosen file to its CID's sha2-256 digest, never keccak256", async () => {
    const onHash = vi.fn();
    render(<Harness onHash={onHash} />);
    const cid = await computeCid(bytes);
    const file = new File([bytes], "GRN-0417.md", { type: "text/markdown" });
    fireEvent.change(screen.getByTestId("grn-file"), { target: { files: [file] } });
    await waitFor(() => expect(onHash).toHaveBeenLastCalledWith(digestOf(cid)));
    expect(digestOf(cid)).not.toBe(keccak256(bytes));
    expect(screen.getByTestId("grn-cid").getAttribute("data-cid")).toBe(cid.toString());
    expect((screen.getByTestId("grn-hash") as HTMLInputElement).value).toBe(digestOf(cid));
  });

  it("turns a pasted CID into its digest, keeps a pasted hash, and refuses anything else", async () => {
    const onHash = vi.fn();
    render(<Harness onHash={onHash} />);
    const cid = await computeCid(bytes);
    fireEvent.change(screen.getByTestId("grn-hash"), { target: { value: cid.toString() } });
    await waitFor(() => expect(onHash).toHaveBeenLastCalledWith(digestOf(cid)));
    expect((screen.getByTestId("grn-hash") as HTMLInputElement).value).toBe(cid.toString());
    const hash = `0x${"ab".repeat(32)}`;
    fireEvent.change(screen.getByTestId("grn-hash"), { target: { value: hash } });
    expect(onHash).toHaveBeenLastCalledWith(hash);
    fireEvent.change(screen.getByTestId("grn-hash"), { target: { value: "waybill 17" } });
    expect(screen.getByRole("alert").textContent).toMatch(/IPFS content ID/);
  });
});

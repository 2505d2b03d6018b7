import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { sepolia } from "viem/chains";
import { describe, expect, it, vi } from "vitest";

import { AmountInput } from "../components/AmountInput.tsx";
import { NetworkBannerView } from "../components/NetworkBanner.tsx";
import { LaunchFormView } from "../pages/Organizer.tsx";
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
      "USDC has 6 decimals: enter at most 6 digits after the point.",
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
  it("shows a message for every invalid field and sends nothing", () => {
    const onLaunch = vi.fn();
    render(<LaunchFormView now={1_800_000_000n} tokenOptions={tokens} onLaunch={onLaunch} />);
    fireEvent.click(screen.getByTestId("launch-check"));
    for (const field of [
      "beneficiary",
      "unitName",
      "targetUnits",
      "goalUsd",
      "deadline",
      "procurementDeadline",
      "verifiers",
      "threshold",
      "metadataURI",
      "tokens",
    ]) {
      expect(screen.getByTestId(`launch-${field}-error`).textContent, field).not.toBe("");
    }
    expect((screen.getByTestId("launch-submit") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.submit(screen.getByTestId("launch-form"));
    expect(onLaunch).not.toHaveBeenCalled();
  });
  it("previews what donors will see, then launches", () => {
    const onLaunch = vi.fn();
    render(<LaunchFormView now={1_800_000_000n} tokenOptions={tokens} onLaunch={onLaunch} />);
    const set = (id: string, value: string) =>
      fireEvent.change(screen.getByTestId(id), { target: { value } });
    set("launch-unitName", "surgical masks");
    set("launch-targetUnits", "20000");
    set("launch-goalUsd", "8000");
    set("launch-beneficiary", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    set("launch-deadline", "2027-02-01T00:00");
    set("launch-procurementDeadline", "2027-04-01T00:00");
    set("launch-metadataURI", "https://example.org/appeal.json");
    set("launch-verifiers", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    set("launch-threshold", "1");
    fireEvent.click(screen.getByLabelText("USDC"));
    fireEvent.click(screen.getByTestId("launch-check"));
    expect(screen.getByTestId("launch-preview").textContent).toContain("20,000 surgical masks");
    expect(screen.getByTestId("launch-preview").textContent).toContain("$8,000.00");
    expect(screen.getByTestId("launch-preview").textContent).toContain("accepts USDC");
    fireEvent.click(screen.getByTestId("launch-submit"));
    expect(onLaunch).toHaveBeenCalledTimes(1);
    expect(onLaunch.mock.calls[0][0].goalUsd).toBe(8_000n * 10n ** 18n);
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

// generated — do not edit. Deployed addresses per chain id, from ignition/deployments/chain-*/deployed_addresses.json.
// Regenerate with `npm run generate` (part of `npm run build`).

export const deployments = {} as const satisfies Record<number, Record<string, `0x${string}`>>;

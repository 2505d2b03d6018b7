/**
 * EIP-2612 permits, detected the way real tokens expose their EIP-712 domain: EIP-5267
 * `eip712Domain()` where the token implements it (OpenZeppelin 5 tokens); otherwise `name()`,
 * `version()` (default "1", as EIP-2612 tokens without it sign) and `DOMAIN_SEPARATOR()`, trusted
 * only when the separator computed from them for this chain and token equals the token's own
 * (mainnet USDC, FiatToken v2.2, has no `eip712Domain`). Reads use the standard ABIs, not the
 * project's mocks': any ERC-20 answers them.
 */
import {
  erc20Abi,
  getTypesForEIP712Domain,
  hashDomain,
  parseAbi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";

/** The EIP-2612 and EIP-5267 views, in their standard signatures. */
export const erc2612Abi = parseAbi([
  "function nonces(address owner) view returns (uint256)",
  "function DOMAIN_SEPARATOR() view returns (bytes32)",
  "function version() view returns (string)",
  "function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)",
  "function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)",
]);

/**
 * viem's standard `erc20Abi`, with `approve`'s return value ignored: tokens such as USDT return
 * nothing from it, which a declared `bool` would fail to decode.
 */
export const approveAbi = erc20Abi.map((item) =>
  item.type === "function" && item.name === "approve" ? { ...item, outputs: [] } : item,
) as unknown as readonly [
  {
    readonly type: "function";
    readonly name: "approve";
    readonly stateMutability: "nonpayable";
    readonly inputs: readonly [
      { readonly name: "spender"; readonly type: "address" },
      { readonly name: "amount"; readonly type: "uint256" },
    ];
    readonly outputs: readonly [];
  },
];

export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

export type PermitDomain = {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: Address;
};

export type PermitSupport =
  | { supported: true; nonce: bigint; domain: PermitDomain; source: "eip5267" | "separator" }
  /** Why not, for logs and tests (never shown: the pledge form says `pledge.noPermit`). */
  | { supported: false; diagnostic: string };

/** The EIP-712 domain separator of `domain`, as a token computes its `DOMAIN_SEPARATOR()`. */
export function domainSeparator(domain: PermitDomain): Hex {
  const types = { EIP712Domain: getTypesForEIP712Domain({ domain }) };
  return hashDomain({ domain, types } as Parameters<typeof hashDomain>[0]);
}

const attempt = <T>(read: Promise<T>): Promise<T | undefined> => read.catch(() => undefined);

/** Whether `token` takes EIP-2612 permits on `chainId`, with the domain to sign and the owner's nonce. */
export async function detectPermit(
  client: PublicClient,
  token: Address,
  owner: Address,
  chainId: number,
): Promise<PermitSupport> {
  const [domain5267, nonce, separator, name, version] = await Promise.all([
    attempt(client.readContract({ address: token, abi: erc2612Abi, functionName: "eip712Domain" })),
    attempt(
      client.readContract({
        address: token,
        abi: erc2612Abi,
        functionName: "nonces",
        args: [owner],
      }),
    ),
    attempt(
      client.readContract({ address: token, abi: erc2612Abi, functionName: "DOMAIN_SEPARATOR" }),
    ),
    attempt(client.readContract({ address: token, abi: erc20Abi, functionName: "name" })),
    attempt(client.readContract({ address: token, abi: erc2612Abi, functionName: "version" })),
  ]);
  if (nonce === undefined) return { supported: false, diagnostic: "no nonces(owner)" };
  if (domain5267) {
    const [, domainName, domainVersion, domainChainId, verifyingContract] = domain5267;
    const domain = {
      name: domainName,
      version: domainVersion,
      chainId: Number(domainChainId),
      verifyingContract,
    };
    if (domain.chainId !== chainId || verifyingContract.toLowerCase() !== token.toLowerCase())
      return { supported: false, diagnostic: "eip712Domain names another chain or contract" };
    if (separator !== undefined && domainSeparator(domain) !== separator)
      return { supported: false, diagnostic: "eip712Domain does not match DOMAIN_SEPARATOR" };
    return { supported: true, nonce, domain, source: "eip5267" };
  }
  if (separator === undefined || name === undefined)
    return { supported: false, diagnostic: "no eip712Domain, DOMAIN_SEPARATOR or name" };
  for (const candidate of version !== undefined ? [version] : ["1", "2"]) {
    const domain = { name, version: candidate, chainId, verifyingContract: token };
    if (domainSeparator(domain) === separator)
      return { supported: true, nonce, domain, source: "separator" };
  }
  return {
    supported: false,
    diagnostic: "DOMAIN_SEPARATOR does not match name, version and chain",
  };
}

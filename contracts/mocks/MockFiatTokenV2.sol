// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @title MockFiatTokenV2
/// @notice A local stand-in for Circle's FiatToken v2.2 (mainnet USDC) where the dApp's permit
/// detection is concerned: EIP-2612 `permit`, `nonces` and `DOMAIN_SEPARATOR`, and `version()`
/// returning "2", but no EIP-5267 `eip712Domain()`. Wallets and dApps must compute the domain from
/// `name()`, `version()` and the chain, and check it against `DOMAIN_SEPARATOR()`. Anyone may mint.
/// @dev Like FiatToken, the separator is computed for the current chain id on each call.
contract MockFiatTokenV2 is ERC20 {
    // --- Errors ---

    /// @notice Thrown when a permit's deadline has passed.
    error MockFiatTokenPermitExpired(uint256 deadline);

    /// @notice Thrown when a permit is not signed by `owner` with its current nonce.
    error MockFiatTokenInvalidSignature(address owner);

    // --- Constants ---

    /// @notice EIP-2612's Permit type hash.
    bytes32 public constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    bytes32 private constant _DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );

    // --- Storage ---

    mapping(address owner => uint256 nonce) private _nonces;

    // --- Constructor ---

    /// @notice Creates the token with USDC's name and symbol.
    constructor() ERC20("USD Coin", "USDC") {}

    // --- External views ---

    /// @notice FiatToken's EIP-712 domain version.
    function version() external pure returns (string memory) {
        return "2";
    }

    /// @notice The EIP-712 domain separator for this chain.
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    _DOMAIN_TYPEHASH,
                    keccak256(bytes(name())),
                    keccak256(bytes("2")),
                    block.chainid,
                    address(this)
                )
            );
    }

    /// @notice The next permit nonce of `owner`.
    function nonces(address owner) external view returns (uint256) {
        return _nonces[owner];
    }

    /// @notice USDC has 6 decimals.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    // --- External transactions ---

    /// @notice Mints `amount` to `to` (local faucet).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice EIP-2612: `owner` allows `spender` to spend `value`, by signature.
    function permit(
        address owner,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        if (block.timestamp > deadline) revert MockFiatTokenPermitExpired(deadline);
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, _nonces[owner]++, deadline));
        bytes32 digest = MessageHashUtils.toTypedDataHash(DOMAIN_SEPARATOR(), structHash);
        if (ECDSA.recover(digest, v, r, s) != owner) revert MockFiatTokenInvalidSignature(owner);
        _approve(owner, spender, value);
    }
}
